import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { describeIssues, gatewayConfigSchema, type GatewayConfigFile } from './gatewayConfigSchema';

export type { GatewayConfigFile } from './gatewayConfigSchema';

/** Reads and validates a config file, resolving its paths against the file's own folder. */
export async function loadGatewayConfig(path: string): Promise<GatewayConfigFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`config ${path}: ${(error as Error).message}`);
  }
  const parsed = gatewayConfigSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid config ${path}:\n${describeIssues(parsed.error, '  ')}`);
  const { $comment: _comment, ...config } = parsed.data;
  if (config.supergraph) config.supergraph = resolve(dirname(path), config.supergraph);
  return config;
}

import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { AuthOptions } from '../auth/AuthOptions';
import type { SubscriptionFieldConfig } from '../subscriptions/SubscriptionFieldConfig';

/** The JSON config file; `supergraph` is relative to the file. */
export interface GatewayConfigFile {
  supergraph?: string;
  port?: number;
  host?: string;
  auth?: AuthOptions;
  subscriptions?: Record<string, SubscriptionFieldConfig>;
}

/** Reads a config file, resolving its paths against the file's own folder. */
export async function loadGatewayConfig(path: string): Promise<GatewayConfigFile> {
  const config = JSON.parse(await readFile(path, 'utf8')) as GatewayConfigFile & { $comment?: string };
  delete config.$comment;
  if (config.supergraph) config.supergraph = resolve(dirname(path), config.supergraph);
  return config;
}

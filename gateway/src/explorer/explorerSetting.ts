import { z } from 'zod';

/** The explorer `GET /graphql` serves to a browser; false: none, and no `/graphiql` either. */
export type Explorer = 'graphiql' | 'sandbox' | false;

/**
 * The `explorer` setting as written in the config file or passed to startGateway: `true` means the
 * default explorer (GraphiQL, which works offline), `false` none.
 */
export type ExplorerSetting = Explorer | true;

export const explorerSettingSchema = z.union([z.enum(['graphiql', 'sandbox']), z.boolean()]);

/** `GATEWAY_EXPLORER`: `graphiql`, `sandbox`, or `true`/`false`/`1`/`0`. */
export const explorerEnvSchema = z
  .enum(['graphiql', 'sandbox', 'true', 'false', '1', '0'])
  .transform((value): ExplorerSetting => (value === 'graphiql' || value === 'sandbox' ? value : value === 'true' || value === '1'));

/** The setting in force: GraphiQL unless told otherwise, and none in production unless set explicitly. */
export function resolveExplorer(setting: ExplorerSetting | undefined, production: boolean): Explorer {
  const chosen = setting ?? !production;
  return chosen === true ? 'graphiql' : chosen;
}

/** Reads `GATEWAY_EXPLORER` for launchers that do not parse the whole gateway environment; unset or empty: undefined. */
export function parseExplorerEnv(value: string | undefined): ExplorerSetting | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = explorerEnvSchema.safeParse(value);
  if (!parsed.success) throw new Error(`GATEWAY_EXPLORER: "${value}" is not one of graphiql, sandbox, true, false`);
  return parsed.data;
}

import { cleanEnv, type CleanedEnv, type ValidatorSpec } from 'envalid';

/** A setting that failed validation; the message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly variables: Record<string, string>) {
    super(
      `Invalid configuration: ${Object.entries(variables)
        .map(([name, problem]) => `${name}: ${problem}`)
        .join('; ')}`,
    );
    this.name = 'ConfigError';
  }
}

/**
 * Validates environment variables with envalid and throws a ConfigError naming each bad or
 * missing one (envalid's own reporter would print and exit, which tests and the launcher cannot catch).
 */
export function readEnv<S extends Record<string, ValidatorSpec<unknown>>>(
  specs: S,
  env: NodeJS.ProcessEnv = process.env,
): CleanedEnv<S> {
  // envalid treats '' as set; an empty variable means "unset" here, as it always has.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  return cleanEnv(present, specs, {
    reporter: ({ errors }) => {
      const names = Object.keys(errors);
      if (names.length === 0) return;
      throw new ConfigError(
        Object.fromEntries(names.map((name) => [name, (errors as Record<string, Error>)[name].message || 'invalid'])),
      );
    },
  });
}

import { makeValidator, str, url } from 'envalid';

/** An envalid validator for a `ms`-style duration as jose accepts it: `90s`, `15m`, `12h`, `7d`. */
export const duration = makeValidator<string>((input) => {
  if (!/^\d+\s*(s|sec|secs|m|min|mins|h|hr|hrs|d|day|days)$/.test(input)) throw new Error(`"${input}" is not a duration such as 15m or 12h`);
  return input;
});

/** A listening port (0 picks a free one). */
export const listenPort = makeValidator<number>((input) => {
  const value = Number(input);
  if (!/^\d+$/.test(input) || value > 65535) throw new Error(`"${input}" is not a port number`);
  return value;
});

/** Comma-separated whole milliseconds, e.g. retry delays `1000,10000,60000`; at least one, none negative. */
export const millisecondsList = makeValidator<number[]>((input) => {
  const values = input.split(',').map((part) => part.trim());
  if (!values.every((value) => /^\d+$/.test(value) && Number.isSafeInteger(Number(value)))) {
    throw new Error(`must be comma-separated milliseconds, e.g. 1000,10000,60000, got "${input}"`);
  }
  return values.map(Number);
});

/** The settings every CareGraph process reads; see docs/security.md and the README for each. */
export const careGraphEnv = {
  NODE_ENV: str({ choices: ['development', 'production', 'test'], default: 'development' }),
  CAREGRAPH_MODE: str({ choices: ['services', 'embedded'], default: undefined }),
  DATABASE_URL: url({ default: undefined }),
  RABBITMQ_URL: url({ default: undefined }),
  REDIS_URL: url({ default: undefined }),
  JWT_SECRET: str({ default: undefined }),
  JWT_TTL: duration({ default: '12h' }),
  JWT_PRIVATE_KEY_FILE: str({ default: undefined }),
  JWT_JWKS_FILE: str({ default: undefined }),
  JWT_JWKS_URL: url({ default: undefined }),
  SUBGRAPH_SECRET: str({ default: undefined }),
  SUBGRAPH_HOST: str({ default: '127.0.0.1' }),
  CAREGRAPH_NAMESPACE: str({ default: '' }),
  LOG_LEVEL: str({ choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' }),
};


/** envalid's validators, for processes that read settings of their own through readEnv. */
export { bool, makeValidator, num, str, url } from 'envalid';

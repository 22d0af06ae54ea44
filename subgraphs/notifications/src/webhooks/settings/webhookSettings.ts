import { makeValidator, millisecondsList, readEnv, str } from '@caregraph/shared';

/** How webhooks are registered and delivered; read once from the environment (`loadWebhookSettings`). */
export interface WebhookSettings {
  /**
   * `NODE_ENV` other than `production`: a webhook may also be `http://localhost` (or 127.0.0.1,
   * [::1]) and its host may resolve to a private or loopback address. In production only https
   * to public addresses.
   */
  development: boolean;
  /** `WEBHOOKS_MAX_PER_CIRCLE`, default 10. */
  maxPerCircle: number;
  /** `WEBHOOK_TIMEOUT_MS`, default 10000: the whole POST (resolving, connecting, answer), then it counts as failed. */
  timeoutMs: number;
  /** `WEBHOOK_RETRY_DELAYS_MS`, default 5 s, 5 min, 30 min, 2 h, 5 h, 10 h: the delay before each retry; then the dead letters. */
  retryDelaysMs: number[];
  /** `WEBHOOK_MAX_RESPONSE_BYTES`, default 65536: what is read of an answer before the connection is cut. */
  maxResponseBytes: number;
}

export const DEFAULT_WEBHOOK_RETRY_DELAYS_MS = [5000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000];

/** The settings from `env` (envalid, through readEnv); a ConfigError names every bad variable. */
export function loadWebhookSettings(env: NodeJS.ProcessEnv = process.env): WebhookSettings {
  const settings = readEnv(
    {
      NODE_ENV: str({ default: 'development' }),
      WEBHOOKS_MAX_PER_CIRCLE: positiveWhole({ default: 10 }),
      WEBHOOK_TIMEOUT_MS: positiveWhole({ default: 10_000 }),
      WEBHOOK_RETRY_DELAYS_MS: millisecondsList({ default: DEFAULT_WEBHOOK_RETRY_DELAYS_MS }),
      WEBHOOK_MAX_RESPONSE_BYTES: positiveWhole({ default: 65_536 }),
    },
    env,
  );
  return {
    development: settings.NODE_ENV !== 'production',
    maxPerCircle: settings.WEBHOOKS_MAX_PER_CIRCLE,
    timeoutMs: settings.WEBHOOK_TIMEOUT_MS,
    retryDelaysMs: settings.WEBHOOK_RETRY_DELAYS_MS,
    maxResponseBytes: settings.WEBHOOK_MAX_RESPONSE_BYTES,
  };
}

/** A whole number of at least 1. */
const positiveWhole = makeValidator<number>((input) => {
  const value = Number(input);
  if (!/^\s*\d+\s*$/.test(input) || !Number.isSafeInteger(value) || value < 1) throw new Error(`must be a whole number ≥ 1, got "${input}"`);
  return value;
});

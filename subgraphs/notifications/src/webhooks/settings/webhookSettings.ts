import { ConfigError } from '@caregraph/shared';

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

/** The settings from `env`; a ConfigError names every bad variable. */
export function loadWebhookSettings(env: NodeJS.ProcessEnv = process.env): WebhookSettings {
  const problems: Record<string, string> = {};
  const whole = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\s*\d+\s*$/.test(raw) || !Number.isSafeInteger(value) || value < 1) problems[name] = `must be a whole number ≥ 1, got "${raw}"`;
    return value;
  };
  const settings: WebhookSettings = {
    development: env.NODE_ENV !== 'production',
    maxPerCircle: whole('WEBHOOKS_MAX_PER_CIRCLE', 10),
    timeoutMs: whole('WEBHOOK_TIMEOUT_MS', 10_000),
    retryDelaysMs: retryDelays(env.WEBHOOK_RETRY_DELAYS_MS, problems),
    maxResponseBytes: whole('WEBHOOK_MAX_RESPONSE_BYTES', 65_536),
  };
  if (Object.keys(problems).length) throw new ConfigError(problems);
  return settings;
}

function retryDelays(raw: string | undefined, problems: Record<string, string>): number[] {
  if (raw === undefined || raw === '') return DEFAULT_WEBHOOK_RETRY_DELAYS_MS;
  const delays = raw.split(',').map((delay) => Number(delay.trim()));
  if (delays.some((delay) => !Number.isSafeInteger(delay) || delay < 0)) problems.WEBHOOK_RETRY_DELAYS_MS = 'must be comma-separated milliseconds, e.g. 5000,300000';
  return delays;
}

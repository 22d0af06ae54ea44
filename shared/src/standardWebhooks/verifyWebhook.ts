import { timingSafeEqual } from 'node:crypto';
import { webhookDigest } from './signWebhook';
import { webhookSecretBytes } from './webhookSecret';

/** Standard Webhooks' recommended tolerance: a message more than 5 minutes old (or ahead) is refused. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

const TIMESTAMP = /^\d{1,12}$/;
/** More signatures than this in one header is not a key rotation but an attempt to make us hash a lot. */
const MAX_SIGNATURES = 8;

export interface SignedMessage {
  id: string;
  /** `webhook-timestamp`: Unix seconds, digits only. */
  timestamp: string;
  /** `webhook-signature`: space-separated `v1,<base64>` entries (other versions are ignored). */
  signature: string;
}

/**
 * Whether the timestamp is within `toleranceSeconds` of `now`, either way. A timestamp that is
 * not a number of seconds is never fresh.
 */
export function isFreshTimestamp(timestamp: string, now = new Date(), toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS): boolean {
  if (!TIMESTAMP.test(timestamp)) return false;
  return Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp)) <= toleranceSeconds;
}

/**
 * Whether one of the header's `v1` signatures is the HMAC of `${id}.${timestamp}.${body}` under
 * the secret; each is compared in constant time. Says nothing about the timestamp's age (see
 * isFreshTimestamp) nor about replays.
 */
export function verifyWebhookSignature(secret: string, message: SignedMessage, body: string | Buffer): boolean {
  const expected = webhookDigest(webhookSecretBytes(secret), message.id, message.timestamp, body);
  const candidates = message.signature.split(' ').filter(Boolean).slice(0, MAX_SIGNATURES);
  let matched = false;
  for (const candidate of candidates) {
    const [version, encoded] = candidate.split(',', 2);
    if (version !== 'v1' || !encoded) continue;
    const given = Buffer.from(encoded, 'base64');
    // Every candidate is compared, so the time taken does not tell which one matched.
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  return matched;
}

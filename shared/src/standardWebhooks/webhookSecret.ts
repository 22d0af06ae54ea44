import { randomBytes } from 'node:crypto';

/** The prefix of a Standard Webhooks secret: `whsec_` + base64 of the key bytes. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A new Standard Webhooks secret: `whsec_` + base64 of `bytes` random bytes (default 32, the HMAC-SHA256 block's half). */
export function generateWebhookSecret(bytes = 32): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(bytes).toString('base64');
}

/**
 * The key bytes of a secret (`whsec_` + base64; the prefix may be left off, as the reference
 * libraries allow). Throws on anything else, so a mangled secret never signs with garbage.
 */
export function webhookSecretBytes(secret: string): Buffer {
  const encoded = secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret;
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) throw new Error('A webhook secret is "whsec_" followed by base64.');
  return Buffer.from(encoded, 'base64');
}

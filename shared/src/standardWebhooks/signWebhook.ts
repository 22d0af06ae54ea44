import { createHmac, randomUUID } from 'node:crypto';
import { webhookSecretBytes } from './webhookSecret';

/** The three headers of a signed message (Standard Webhooks). */
export const WEBHOOK_HEADERS = { id: 'webhook-id', timestamp: 'webhook-timestamp', signature: 'webhook-signature' } as const;

/** The raw HMAC-SHA256 of `${id}.${timestamp}.${body}` under the secret's key bytes. */
export function webhookDigest(key: Buffer, id: string, timestamp: string, body: string | Buffer): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
}

/** `v1,` + base64(HMAC-SHA256(secret bytes, `${id}.${timestamp}.${body}`)): one signature of the `webhook-signature` header. */
export function signWebhook(secret: string, id: string, timestamp: number | string, body: string | Buffer): string {
  return `v1,${webhookDigest(webhookSecretBytes(secret), id, String(timestamp), body).toString('base64')}`;
}

/**
 * The headers that sign `body` as message `id` (default a new uuid) at `now` (default the
 * current time): `webhook-id`, `webhook-timestamp` (Unix seconds), `webhook-signature`.
 */
export function webhookHeaders(secret: string, body: string | Buffer, options: { id?: string; now?: Date } = {}): Record<string, string> {
  const id = options.id ?? randomUUID();
  const timestamp = String(Math.floor((options.now ?? new Date()).getTime() / 1000));
  return { [WEBHOOK_HEADERS.id]: id, [WEBHOOK_HEADERS.timestamp]: timestamp, [WEBHOOK_HEADERS.signature]: signWebhook(secret, id, timestamp, body) };
}

import { createHmac } from 'node:crypto';
import { webhookSecretKey } from './webhookSecret';

/**
 * The Standard Webhooks signature of one message: `v1,` + base64(HMAC-SHA256(secret bytes,
 * `<id>.<timestamp>.<body>`)), `timestamp` in whole seconds since the epoch.
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', webhookSecretKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The three Standard Webhooks headers for `body`, signed at `at`. */
export function webhookSignatureHeaders(secret: string, id: string, body: string, at: Date = new Date()): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(secret, id, timestamp, body) };
}

import { ValidationError, webhookHeaders } from '@caregraph/shared';
import type { WebhookSettings } from '../settings/webhookSettings';
import { parseWebhookUrl } from '../urls/parseWebhookUrl';
import { resolveWebhookTarget, type AddressLookup } from '../urls/resolveWebhookTarget';
import { postWebhook, type WebhookAnswer } from './postWebhook';

export type SendSettings = Pick<WebhookSettings, 'development' | 'timeoutMs' | 'maxResponseBytes'>;

/** What to send: the webhook's URL and secret, the delivery's event id and body. */
export interface OutgoingDelivery {
  url: string;
  secret: string;
  eventId: string;
  body: string;
}

/** How a send went; `permanent` when no retry can help (the URL is no longer allowed). */
export interface SendOutcome extends WebhookAnswer {
  permanent: boolean;
}

/**
 * Sends one delivery: checks the URL again under today's settings and resolves it (refusing
 * non-public addresses outside development), then POSTs the body signed with the Standard
 * Webhooks headers (`webhook-id` = the event id) to exactly the addresses checked. The time
 * limit covers resolving and the POST together. Never throws.
 */
export async function sendDelivery(delivery: OutgoingDelivery, settings: SendSettings, lookup?: AddressLookup): Promise<SendOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let target;
  try {
    const url = parseWebhookUrl(delivery.url, settings.development);
    target = await withDeadline(resolveWebhookTarget(url, settings.development, lookup), settings.timeoutMs);
  } catch (error) {
    const permanent = error instanceof ValidationError;
    const reason = error instanceof Error ? error.message : String(error);
    return { delivered: false, permanent, latencyMs: elapsed(), error: permanent ? `refused: ${reason}` : `could not resolve: ${reason}` };
  }
  const headers = {
    'content-type': 'application/cloudevents+json; charset=utf-8',
    'user-agent': 'CareGraph-Webhooks/1',
    ...webhookHeaders(delivery.secret, delivery.body, { id: delivery.eventId }),
  };
  const timeoutMs = Math.max(1, settings.timeoutMs - elapsed());
  const answer = await postWebhook({ target, headers, body: delivery.body, timeoutMs, maxResponseBytes: settings.maxResponseBytes });
  return { ...answer, latencyMs: elapsed(), permanent: false };
}

/** The promise's value, or a rejection after `ms` (the lookup itself cannot be cancelled). */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

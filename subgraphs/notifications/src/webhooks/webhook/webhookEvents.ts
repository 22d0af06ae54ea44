/** What the webhooks of a circle record in the notifications outbox (docs/architecture.md, event catalogue). */
export const webhookEvents = {
  /** data: webhookId, origin (scheme, host and port only: a path or query can hold a receiver's token), eventTypes. */
  registered: 'webhook.registered',
  /** data: webhookId, origin. */
  deleted: 'webhook.deleted',
} as const;

/**
 * Headers the consumer runtime puts on a message it retries or dead-letters; `dlq:list` and
 * `dlq:replay` read them back.
 */
export const failureHeaders = {
  /** Failed attempts so far, on a message coming back from a delay queue. */
  attempt: 'x-attempt',
  lastError: 'x-last-error',
  /** On a dead letter: why it failed the last time, and how many attempts it had. */
  error: 'x-error',
  attempts: 'x-attempts',
  originalRoutingKey: 'x-original-routing-key',
  firstFailedAt: 'x-first-failed-at',
  consumer: 'x-consumer',
  replayedAt: 'x-replayed-at',
} as const;

/** What RabbitMQ adds on dead-lettering; dropped on republish so headers do not grow with each retry. */
const BROKER_HEADERS = /^x-(death|first-death-|last-death-|delivery-count)/;

/** The message's own headers without broker bookkeeping nor the runtime's failure headers. */
export function cleanHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  const ours = new Set<string>(Object.values(failureHeaders));
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !BROKER_HEADERS.test(name) && !ours.has(name)));
}

/** Failed attempts recorded on a delivery (0 on its first delivery). */
export function attemptsSoFar(headers: Record<string, unknown>): number {
  const value = Number(headers[failureHeaders.attempt] ?? 0);
  return Number.isInteger(value) && value > 0 ? value : 0;
}

/** One line, short enough for a header: `TypeError: x is not a function`. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 1000 ? `${text.slice(0, 997)}...` : text;
}

/** A header value as text (amqplib may hand back Buffers for long strings). */
export function headerText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

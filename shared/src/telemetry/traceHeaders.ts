import { context, propagation, trace } from '@opentelemetry/api';

/**
 * `headers` plus the active span's `traceparent` (and `tracestate`), for a request or message
 * the http and amqplib instrumentations do not see (undici's Agent, Redis payloads). The same
 * object, unchanged, when no span is active (tracing off).
 */
export function traceHeaders<T extends Record<string, unknown>>(headers: T): T {
  const active = context.active();
  if (!trace.getSpan(active)) return headers;
  const carrier: Record<string, unknown> = { ...headers };
  propagation.inject(active, carrier);
  return carrier as T;
}

/** The active span's W3C `traceparent`, if a span is active. */
export function currentTraceparent(): string | undefined {
  const active = context.active();
  if (!trace.getSpan(active)) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  return carrier.traceparent;
}

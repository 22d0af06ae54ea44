import { context, isSpanContextValid, trace } from '@opentelemetry/api';

/**
 * `{ trace_id, span_id }` of the active span, for pino's `mixin` (every log line then names its
 * trace); an empty object when tracing is off or no span is active. Always a new object: pino
 * merges the line's own fields into it.
 */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpan(context.active());
  const spanContext = span?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? { trace_id: spanContext.traceId, span_id: spanContext.spanId } : {};
}

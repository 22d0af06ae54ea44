import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Link, type Span } from '@opentelemetry/api';

export interface InSpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /**
   * Where a message was created: a carrier with its `traceparent` (AMQP headers, a CloudEvent).
   * As the messaging conventions prescribe, the span links to that creation context, and is its
   * child too (one trace per mutation) unless the active span already belongs to that trace.
   */
  createdBy?: Record<string, unknown>;
}

const tracer = () => trace.getTracer('caregraph');

/**
 * Runs `work` inside a new active span named `name`: ended when `work` settles, with an error
 * status and the exception recorded when it throws. A no-op span when tracing is off.
 */
export async function inSpan<T>(name: string, options: InSpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  const { parent, links } = placement(options.createdBy);
  return tracer().startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links }, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Starts a span (the caller ends it) placed as inSpan places its spans; `context` runs code inside it. */
export function startSpan(name: string, options: InSpanOptions): { span: Span; context: Context } {
  const { parent, links } = placement(options.createdBy);
  const span = tracer().startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

function placement(createdBy: Record<string, unknown> | undefined): { parent: Context; links?: Link[] } {
  const active = context.active();
  if (!createdBy?.traceparent) return { parent: active };
  const creation = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, createdBy, stringGetter));
  if (!creation) return { parent: active };
  const activeTrace = trace.getSpanContext(active)?.traceId;
  return { parent: activeTrace === creation.traceId ? active : trace.setSpanContext(active, creation), links: [{ context: creation }] };
}

// AMQP header values may arrive as Buffers.
const stringGetter = {
  keys: (carrier: Record<string, unknown>) => Object.keys(carrier),
  get: (carrier: Record<string, unknown>, key: string) => {
    const value = carrier[key];
    return typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString() : undefined;
  },
};

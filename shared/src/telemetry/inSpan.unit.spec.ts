import { Writable } from 'node:stream';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { core, tracing } from '@opentelemetry/sdk-node';
import pino from 'pino';
import { inSpan } from './inSpan';
import { traceFields } from './traceFields';
import { traceHeaders } from './traceHeaders';

// The SDK's own parts (sdk-node re-exports them), in this test process only.
const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = tracing;
const { W3CTraceContextPropagator } = core;

const exporter = new InMemorySpanExporter();
const manager = new AsyncLocalStorageContextManager().enable();

beforeAll(() => {
  context.setGlobalContextManager(manager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
});

afterAll(() => {
  trace.disable();
  propagation.disable();
  context.disable();
});

beforeEach(() => exporter.reset());

const PRODUCER_TRACE = '0af7651916cd43dd8448eb211c80319c';
const PRODUCER_SPAN = 'b7ad6b7169203331';

describe('inSpan', () => {
  it('makes a message span the child of, and linked to, the span that created the message', async () => {
    await inSpan('process q', { kind: SpanKind.CONSUMER, createdBy: { traceparent: Buffer.from(`00-${PRODUCER_TRACE}-${PRODUCER_SPAN}-01`) } }, async () => undefined);
    const [span] = exporter.getFinishedSpans();
    expect(span.spanContext().traceId).toBe(PRODUCER_TRACE);
    expect(span.parentSpanContext?.spanId).toBe(PRODUCER_SPAN);
    expect(span.links.map((link) => link.context.spanId)).toEqual([PRODUCER_SPAN]);
  });

  it('records a failure on the span and rethrows it', async () => {
    await expect(inSpan('work', {}, async () => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
    expect(exporter.getFinishedSpans()[0].status).toMatchObject({ code: 2, message: 'broken' });
  });

  it('puts the active span into outgoing headers and every log line, and nothing outside a span', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ mixin: traceFields }, new Writable({ write: (chunk, _, done) => done(void lines.push(JSON.parse(String(chunk)))) }));
    const headers = { authorization: 'Bearer x' };
    expect(traceHeaders(headers)).toBe(headers);
    logger.info({ field: 1 }, 'outside');
    logger.info('outside again'); // pino merges a line's fields into the mixin's object: nothing may leak to the next line
    await inSpan('request', {}, async (span) => {
      const { traceId, spanId } = span.spanContext();
      expect(traceHeaders(headers)).toEqual({ authorization: 'Bearer x', traceparent: `00-${traceId}-${spanId}-01` });
      logger.info('inside');
    });
    const { traceId, spanId } = exporter.getFinishedSpans()[0].spanContext();
    expect(lines[1].field).toBeUndefined();
    expect(lines.map(({ msg, trace_id, span_id }) => ({ msg, trace_id, span_id }))).toEqual([
      { msg: 'outside', trace_id: undefined, span_id: undefined },
      { msg: 'outside again', trace_id: undefined, span_id: undefined },
      { msg: 'inside', trace_id: traceId, span_id: spanId },
    ]);
  });
});

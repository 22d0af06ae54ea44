import { createServer, type Server } from 'node:http';

/** One span as an OTLP/HTTP JSON export carries it, with its resource's service name. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, unknown>;
  links: { traceId: string; spanId: string }[];
}

export interface OtlpReceiver {
  /** The base URL, for OTEL_EXPORTER_OTLP_ENDPOINT (exporters append /v1/traces). */
  url: string;
  spans: ReceivedSpan[];
  /** Every span of one trace. */
  trace(traceId: string): ReceivedSpan[];
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const SPAN_KINDS: Record<string, number> = { SPAN_KIND_INTERNAL: 1, SPAN_KIND_SERVER: 2, SPAN_KIND_CLIENT: 3, SPAN_KIND_PRODUCER: 4, SPAN_KIND_CONSUMER: 5 };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/**
 * A tiny OTLP/HTTP receiver on 127.0.0.1 for `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`: collects
 * the spans POSTed to /v1/traces and accepts (and drops) metrics and logs.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (req.method !== 'POST') return void res.writeHead(405).end();
      if (req.url === '/v1/traces') {
        try {
          spans.push(...spansOf(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        } catch {
          return void res.writeHead(400, { 'content-type': 'application/json' }).end('{}');
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    trace: (traceId) => spans.filter((span) => span.traceId === traceId),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function spansOf(request: Loose): ReceivedSpan[] {
  return (request.resourceSpans ?? []).flatMap((resourceSpans: Loose) => {
    const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? '');
    return (resourceSpans.scopeSpans ?? []).flatMap((scope: Loose) =>
      (scope.spans ?? []).map((span: Loose) => ({
        service,
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId || undefined,
        name: span.name,
        kind: typeof span.kind === 'number' ? span.kind : (SPAN_KINDS[span.kind] ?? 0),
        attributes: attributesOf(span.attributes),
        links: (span.links ?? []).map((link: Loose) => ({ traceId: link.traceId, spanId: link.spanId })),
      })),
    );
  });
}

function attributesOf(list: Loose[] | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) values[key] = value?.stringValue ?? value?.intValue ?? value?.boolValue ?? value?.doubleValue;
  return values;
}

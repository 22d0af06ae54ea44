import { randomBytes } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { activeSubscriptions } from './gatewayMetrics';
import { careGraphForTest, eventually, graphqlAt, startOtlpReceiver, type CareGraphForTest, type OtlpReceiver, type ReceivedSpan } from '@caregraph/testing';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

const PRODUCER = 4;
const CONSUMER = 5;
const SERVER = 2;

/**
 * One trace end to end (docs/operations.md, Tracing): CareGraph from the README's start command,
 * exporting OTLP/HTTP JSON to a receiver in this process; a mutation carrying the client's
 * traceparent yields spans of that trace from the gateway, care (GraphQL and the outbox insert),
 * the relay's publish, the audit consumer and the gateway's delivery to the subscriber.
 */
describe('tracing', () => {
  let receiver: OtlpReceiver;
  let running: CareGraphForTest;
  let ws: Client | undefined;
  const { gql } = graphqlAt(() => running.caregraph.gatewayUrl);

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    running = await careGraphForTest('tracing', {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_SERVICE_NAME: '',
    }, 170000); // eight processes each loading the SDK: slower to start on a busy machine
  }, 180000);

  afterAll(async () => {
    await ws?.dispose();
    await running?.close();
    await receiver?.close();
  }, 60000);

  it('gives one mutation one trace, from the gateway through the outbox, relay and audit consumer to the subscriber', async () => {
    const owner = await running.signUp('Tara');
    const { createCareCircle } = await gql('mutation { createCareCircle(input: { name: "Mum" }) { id } }', {}, owner.token);
    const circleId = createCareCircle.id as string;
    const received: Loose[] = [];
    const activeBefore = await activeSubscriptions(running.caregraph.gatewayMetricsUrl);
    ws = createClient({ url: running.caregraph.gatewayUrl.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${owner.token}` } });
    ws.subscribe(
      { query: 'subscription($c: ID!) { careCircleEvents(careCircleId: $c, types: ["care_recipient.*"]) { id type } }', variables: { c: circleId } },
      { next: ({ data }) => void received.push((data as Loose).careCircleEvents), error: (error) => received.push({ error }), complete: () => undefined },
    );
    await eventually(async () => expect(await activeSubscriptions(running.caregraph.gatewayMetricsUrl)).toBe(activeBefore + 1), 10000);

    const traceId = randomBytes(16).toString('hex');
    const clientSpanId = randomBytes(8).toString('hex');
    const response = await fetch(running.caregraph.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}`, traceparent: `00-${traceId}-${clientSpanId}-01` },
      body: JSON.stringify({ query: 'mutation($i: AddCareRecipientInput!) { addCareRecipient(input: $i) { id } }', variables: { i: { careCircleId: circleId, name: 'Rose' } } }),
    });
    const answer = (await response.json()) as Loose;
    expect(answer.errors).toBeUndefined();
    await eventually(() => expect(received.map((event) => event.type)).toEqual(['care_recipient.created']), 10000);

    const find = (service: string, matches: (span: ReceivedSpan) => boolean) => receiver.trace(traceId).find((span) => span.service === service && matches(span));
    await eventually(() => {
      // The gateway continues the client's span; care continues the gateway's.
      expect(find('gateway', (span) => span.kind === SERVER && span.parentSpanId === clientSpanId)).toBeDefined();
      expect(find('care', (span) => span.kind === SERVER)).toBeDefined();
      expect(find('care', (span) => /^graphql\.|mutation/.test(span.name))).toBeDefined();
      expect(find('care', (span) => Object.values(span.attributes).some((value) => /insert into "care"\."outbox"/i.test(String(value))))).toBeDefined();
      expect(find('event-relay', (span) => span.kind === PRODUCER && span.name === 'publish domain.events')).toBeDefined();
      expect(find('event-relay', (span) => span.kind === CONSUMER && span.name === 'process audit.log')).toBeDefined();
      expect(find('gateway', (span) => span.kind === CONSUMER && span.name === 'deliver careCircleEvents')).toBeDefined();
    }, 15000);

    // Consumer and delivery spans link to the span that produced their message, as the messaging conventions prescribe.
    const spans = receiver.trace(traceId);
    const ids = new Set(spans.map((span) => span.spanId));
    const gatewayClient = find('gateway', (span) => span.name === 'POST' && span.attributes['http.request.method'] === 'POST')!;
    expect(find('care', (span) => span.kind === SERVER)!.parentSpanId).toBe(gatewayClient.spanId);
    const audit = find('event-relay', (span) => span.name === 'process audit.log')!;
    const delivery = find('gateway', (span) => span.name === 'deliver careCircleEvents')!;
    for (const span of [audit, delivery]) {
      expect(span.links).toEqual([expect.objectContaining({ traceId })]);
      expect(ids.has(span.links[0].spanId)).toBe(true);
    }
    expect(delivery.attributes['messaging.message.id']).toBe(received[0].id);
  });
});

import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { startNotifications, type RunningNotifications } from '@caregraph/notifications';
import { AmqpBroker, createCloudEvent, createLogger, topologyNames, type CloudEvent } from '@caregraph/shared';
import {
  deleteAmqpNamespace,
  eventually,
  hasValidStandardWebhookSignature,
  infra,
  startSubgraphHarness,
  startWebhookReceiver,
  testNamespace,
  type SubgraphHarness,
  type WebhookReceiver,
} from '@caregraph/testing';
import { DeadLetters } from './deadLetters/DeadLetters';
import { webhooksRole } from '../roles/webhooksRole';
import type { RoleConsumers } from '../roles/RoleConfig';
import { startEventRelay, type EventRelay } from '../startEventRelay';

const ops = path.resolve(__dirname, '../../../scripts/ops.js');
const REGISTER = 'mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { secret webhook { id } } }';
const DELIVERIES = 'query($id: ID!) { webhooks(careCircleId: $id) { id deliveries(first: 50) { edges { node { id eventId eventType status attempts lastStatusCode latencyMs nextAttemptAt deliveredAt } } } } }';

/**
 * Webhooks out on the real broker: the notifications subgraph registers, events go to
 * `domain.events`, the webhooks role fans them out and the relay publishes the delivery
 * commands from the notifications outbox, and a real HTTP receiver on 127.0.0.1 gets the POSTs.
 */
describe('the webhooks role in event-relay', () => {
  const namespace = testNamespace('webhooks-role');
  const names = topologyNames(namespace);
  const logger = createLogger('webhooks-role-test');
  logger.level = 'fatal';
  const circleId = randomUUID();
  let h: SubgraphHarness<RunningNotifications>;
  let owner: { id: string; token: string };
  let broker: AmqpBroker;
  let role: RoleConsumers;
  let relay: EventRelay;
  let receiver: WebhookReceiver;

  const publish = (event: CloudEvent) =>
    broker.publish({ exchange: names.domainEvents, routingKey: event.type, messageId: event.id, body: Buffer.from(JSON.stringify(event)) });
  const circleEvent = (type: string, careCircleId = circleId) =>
    createCloudEvent({ type, source: '/caregraph/care', subject: randomUUID(), aggregateType: 'Test', careCircleId, data: { note: `a ${type}` } }) as CloudEvent;
  const register = async (urlPath: string, eventTypes: string[]) => {
    const answer = await h.gql(REGISTER, { input: { careCircleId: circleId, url: `${receiver.url}${urlPath}`, eventTypes } }, owner.token);
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return answer.data!.registerWebhook as { secret: string; webhook: { id: string } };
  };
  const deliveriesOf = async (webhookId: string) => {
    const answer = await h.gql(DELIVERIES, { id: circleId }, owner.token);
    return answer.data!.webhooks.find((webhook: { id: string }) => webhook.id === webhookId).deliveries.edges.map((edge: { node: unknown }) => edge.node);
  };
  const fannedOut = async (events: CloudEvent[]) => {
    const { rows } = await h.db.query("select event_id from notifications.inbox where consumer = 'webhook-fanout' and event_id = any($1)", [events.map((event) => event.id)]);
    return rows.length === events.length;
  };

  beforeAll(async () => {
    const { rabbitmqUrl } = await infra();
    h = await startSubgraphHarness('webhooks_role', startNotifications);
    owner = await h.member(circleId, 'OWNER');
    receiver = await startWebhookReceiver();
    broker = await AmqpBroker.connect(rabbitmqUrl, { logger });
    role = await webhooksRole({ databaseUrl: h.databaseUrl, namespace, logger, env: { NODE_ENV: 'test', WEBHOOK_RETRY_DELAYS_MS: '100,200', WEBHOOK_TIMEOUT_MS: '3000' } });
    relay = await startEventRelay({ databaseUrl: h.databaseUrl, schemas: ['notifications'], broker, namespace, port: 0, pollIntervalMs: 100, consumers: role.consumers, logger });
  });

  afterAll(async () => {
    await relay?.stop();
    await role?.close();
    await broker?.close();
    await receiver?.stop();
    await deleteAmqpNamespace((await infra()).rabbitmqUrl, namespace);
    await h?.close();
  });

  it('POSTs every subscribed event of the circle, signed, and nothing else', async () => {
    const { secret, webhook } = await register('/ok', ['medication.*', 'appointment.confirmed']);
    const subscribed = [circleEvent('medication.logged'), circleEvent('appointment.confirmed')];
    const others = [circleEvent('appointment.cancelled'), circleEvent('shift.started'), circleEvent('medication.logged', randomUUID())];
    const never = circleEvent('notification.created');
    for (const event of [...subscribed, ...others, never]) await publish(event);

    await eventually(() => fannedOut([...subscribed, ...others]), 15000);
    const { rows } = await h.db.query('select event_id from notifications.webhook_delivery where webhook_id = $1', [webhook.id]);
    expect(rows.map((row) => row.event_id).sort()).toEqual(subscribed.map((event) => event.id).sort());

    await eventually(() => receiver.at('/ok').length === subscribed.length, 15000);
    for (const request of receiver.at('/ok')) {
      expect(hasValidStandardWebhookSignature(secret, request)).toBe(true);
      expect(hasValidStandardWebhookSignature(secret, { ...request, body: `${request.body} ` })).toBe(false);
      expect(request.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
      const sent = subscribed.find((event) => event.id === request.headers['webhook-id']);
      expect(JSON.parse(request.body)).toEqual(sent);
    }
    await eventually(async () => (await deliveriesOf(webhook.id)).every((delivery: { status: string }) => delivery.status === 'DELIVERED'));
    const deliveries = await deliveriesOf(webhook.id);
    expect(deliveries).toHaveLength(2);
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 1, lastStatusCode: 204, latencyMs: expect.any(Number), nextAttemptAt: null, deliveredAt: expect.any(String) });
    }
  });

  it('retries a receiver answering 500, records every attempt, marks it FAILED and dead-letters it; a replay delivers it', async () => {
    receiver.answer('/flaky', 500);
    const { secret, webhook } = await register('/flaky', ['emergency.#']);
    const alert = circleEvent('emergency.alert.created');
    await publish(alert);

    const dlq = await DeadLetters.connect((await infra()).rabbitmqUrl, namespace);
    try {
      const letter = await eventually(async () => {
        const found = (await dlq.list(['notifications.webhooks'])).find((l) => l.type === 'notifications.deliver_webhook');
        if (!found) throw new Error('not dead-lettered yet');
        return found;
      }, 15000);
      expect(letter).toMatchObject({ attempts: 3, error: expect.stringContaining('HTTP 500: receiver says no') });
    } finally {
      await dlq.close();
    }
    expect(receiver.at('/flaky').map((request) => request.headers['webhook-id'])).toEqual([alert.id, alert.id, alert.id]);
    expect(receiver.at('/flaky').every((request) => hasValidStandardWebhookSignature(secret, request))).toBe(true);
    const [delivery] = await deliveriesOf(webhook.id);
    expect(delivery).toMatchObject({ eventId: alert.id, eventType: 'emergency.alert.created', status: 'FAILED', attempts: 3, lastStatusCode: 500, nextAttemptAt: null, deliveredAt: null });
    const attempts = await h.db.query('select number, status_code, error, next_attempt_at from notifications.webhook_delivery_attempt where delivery_id = $1 order by number', [delivery.id]);
    expect(attempts.rows.map((row) => [row.number, row.status_code, row.error, row.next_attempt_at !== null])).toEqual([
      [1, 500, 'HTTP 500: receiver says no', true],
      [2, 500, 'HTTP 500: receiver says no', true],
      [3, 500, 'HTTP 500: receiver says no', false],
    ]);

    receiver.answer('/flaky', 200);
    const { stdout } = await promisify(execFile)(process.execPath, [ops, 'webhook:replay', delivery.id], { env: { ...process.env, DATABASE_URL: h.databaseUrl } });
    expect(stdout).toContain(`Re-queued delivery ${delivery.id} (emergency.alert.created ${alert.id} to ${receiver.url}; was FAILED)`);
    await eventually(async () => (await deliveriesOf(webhook.id))[0].status === 'DELIVERED', 15000);
    expect((await deliveriesOf(webhook.id))[0]).toMatchObject({ attempts: 4, lastStatusCode: 200, nextAttemptAt: null, deliveredAt: expect.any(String) });
    expect(receiver.at('/flaky')).toHaveLength(4);
    expect(JSON.parse(receiver.at('/flaky')[3].body)).toEqual(alert);
  });

  it('refuses to replay an unknown delivery', async () => {
    const run = promisify(execFile)(process.execPath, [ops, 'webhook:replay', randomUUID()], { env: { ...process.env, DATABASE_URL: h.databaseUrl } });
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('was not found') });
  });
});

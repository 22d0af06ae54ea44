import { eventually } from '@caregraph/testing';
import { topologyNames } from '../../topology';
import { careGraphTopology } from '../careGraphTopology';
import { retryNames } from '../consumerTopology';
import type { BrokerMessage, MessageBroker, MessageHandler } from '../MessageBroker';
import type { QueueSpec, TopologySpec } from '../TopologySpec';

export interface BrokerFixture {
  broker: MessageBroker;
  /** Prefix for every exchange and queue the suite declares. */
  namespace: string;
  /** Removes what the suite declared (called once, after all tests). */
  teardown(declared: TopologySpec[]): Promise<void>;
}

/**
 * The behaviour every MessageBroker must show (one behaviour suite for every implementation): run by
 * InMemoryBroker.unit.spec.ts and AmqpBroker.int.spec.ts.
 */
export function brokerContract(name: string, setup: () => Promise<BrokerFixture>): void {
  describe(`${name} (MessageBroker contract)`, () => {
    let fixture: BrokerFixture;
    let names: ReturnType<typeof topologyNames>;
    const declared: TopologySpec[] = [];
    let counter = 0;

    const broker = () => fixture.broker;
    const declare = async (spec: TopologySpec) => {
      declared.push(spec);
      await broker().assertTopology(spec);
    };
    /** A throwaway classic queue bound to `source` with `pattern`. */
    const testQueue = async (source: string, pattern: string, extra: Partial<QueueSpec> = {}) => {
      const queue = `${fixture.namespace}test.q${++counter}`;
      await declare({
        exchanges: [],
        queues: [{ name: queue, type: 'classic', ...extra }],
        bindings: [{ source, destination: queue, destinationType: 'queue', pattern }],
      });
      return queue;
    };
    const collect = async (queue: string, handler?: MessageHandler, prefetch = 10) => {
      const received: BrokerMessage[] = [];
      const handle = await broker().consume(queue, async (message) => {
        received.push(message);
        await handler?.(message);
      }, { prefetch });
      return { received, handle };
    };
    let ids = 0;
    const publish = (exchange: string, routingKey: string, extra: { headers?: Record<string, unknown>; expirationMs?: number } = {}) => {
      const messageId = `m-${++ids}-${Date.now()}`;
      return broker()
        .publish({ exchange, routingKey, messageId, body: Buffer.from(JSON.stringify({ messageId })), ...extra })
        .then(() => messageId);
    };
    const idsOf = (messages: BrokerMessage[]) => messages.map((m) => m.messageId);

    beforeAll(async () => {
      fixture = await setup();
      names = topologyNames(fixture.namespace);
      await declare(careGraphTopology(fixture.namespace));
    });

    afterAll(async () => {
      await fixture?.broker.close();
      await fixture?.teardown(declared);
    });

    it('delivers a published message with its id, body, headers and content type', async () => {
      const queue = await testQueue(names.domainEvents, 'medication.logged');
      const { received, handle } = await collect(queue);
      await broker().publish({
        exchange: names.domainEvents,
        routingKey: 'medication.logged',
        messageId: 'evt-1',
        body: Buffer.from('{"hello":"world"}'),
        headers: { 'x-trace': 'abc' },
        contentType: 'application/cloudevents+json',
      });
      await eventually(() => received.length === 1);
      expect(received[0]).toMatchObject({
        messageId: 'evt-1',
        exchange: names.domainEvents,
        routingKey: 'medication.logged',
        headers: { 'x-trace': 'abc' },
        contentType: 'application/cloudevents+json',
        redelivered: false,
      });
      expect(received[0].body.toString()).toBe('{"hello":"world"}');
      await handle.cancel();
    });

    it('routes topic patterns word by word', async () => {
      const queue = await testQueue(names.domainEvents, 'medication.*');
      const { received, handle } = await collect(queue);
      const logged = await publish(names.domainEvents, 'medication.logged');
      await publish(names.domainEvents, 'medication.refill.needed');
      await publish(names.domainEvents, 'appointment.requested');
      const last = await publish(names.domainEvents, 'medication.added');
      await eventually(() => received.length >= 2);
      expect(idsOf(received)).toEqual([logged, last]);
      await handle.cancel();
    });

    it('fans domain events out to the audit queue through the exchange-to-exchange binding', async () => {
      const { received, handle } = await collect(names.queues.auditLog);
      const id = await publish(names.domainEvents, 'bill.paid');
      await eventually(() => idsOf(received).includes(id));
      await handle.cancel();
    });

    it('routes a direct exchange by exact key and rejects an unroutable publish', async () => {
      const queue = await testQueue(names.notifications, 'notify.email');
      const { received, handle } = await collect(queue);
      const id = await publish(names.notifications, 'notify.email');
      await expect(publish(names.notifications, 'notify.pigeon')).rejects.toMatchObject({ code: 'UNROUTABLE' });
      await eventually(() => received.length === 1);
      expect(idsOf(received)).toEqual([id]);
      await handle.cancel();
    });

    it('rejects a publish to an unknown exchange and keeps publishing afterwards', async () => {
      await expect(publish(`${fixture.namespace}no.such.exchange`, 'a.b')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(publish(names.domainEvents, 'still.works')).resolves.toEqual(expect.any(String));
    });

    it('rejects consuming from an unknown queue', async () => {
      await expect(broker().consume(`${fixture.namespace}no.such.queue`, async () => undefined)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('dead-letters a message whose handler throws to the queue’s dlq', async () => {
      // The saga's queue is bound to just the types its consumer handles; bind one here.
      await broker().assertTopology({
        exchanges: [],
        queues: [],
        bindings: [{ source: names.domainEvents, destination: names.queues.sagasBooking, destinationType: 'queue', pattern: 'payment.failed' }],
      });
      const failing = await broker().consume(names.queues.sagasBooking, async () => {
        throw new Error('boom');
      });
      const dead = await collect(names.deadLetterQueue(names.queues.sagasBooking));
      const id = await publish(names.domainEvents, 'payment.failed');
      await eventually(() => idsOf(dead.received).includes(id));
      await failing.cancel();
      await dead.handle.cancel();
    });

    it('acknowledges only after the handler resolves, honouring prefetch', async () => {
      const queue = await testQueue(names.domainEvents, 'gate.#');
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const { received, handle } = await collect(queue, () => (received.length === 1 ? gate : Promise.resolve()), 1);
      const first = await publish(names.domainEvents, 'gate.one');
      const second = await publish(names.domainEvents, 'gate.two');
      await eventually(() => received.length === 1);
      // Give the broker room to (wrongly) deliver the second message while the first is held.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(idsOf(received)).toEqual([first]);
      release();
      await eventually(() => received.length === 2);
      expect(idsOf(received)).toEqual([first, second]);
      await handle.cancel();
    });

    it('keeps messages until someone consumes, and stops delivering after cancel', async () => {
      const queue = await testQueue(names.domainEvents, 'held.#');
      const early = await publish(names.domainEvents, 'held.one');
      const firstConsumer = await collect(queue);
      await eventually(() => firstConsumer.received.length === 1);
      await firstConsumer.handle.cancel();
      const late = await publish(names.domainEvents, 'held.two');
      const secondConsumer = await collect(queue);
      await eventually(() => secondConsumer.received.length === 1);
      expect(idsOf(firstConsumer.received)).toEqual([early]);
      expect(idsOf(secondConsumer.received)).toEqual([late]);
      await secondConsumer.handle.cancel();
    });

    it('dead-letters a message whose per-message TTL runs out while it waits, without the TTL', async () => {
      const target = `${fixture.namespace}test.ttl.target`;
      const delay = `${fixture.namespace}test.ttl.delay`;
      await declare({
        exchanges: [],
        queues: [{ name: target, type: 'classic' }, { name: delay, deadLetterExchange: names.dlx, deadLetterRoutingKey: target }],
        bindings: [
          { source: names.dlx, destination: target, destinationType: 'queue', pattern: target },
          { source: names.dlx, destination: delay, destinationType: 'queue', pattern: delay },
        ],
      });
      const { received, handle } = await collect(target);
      const started = Date.now();
      const id = await publish(names.dlx, delay, { expirationMs: 300, headers: { 'x-attempt': 1 } });
      await eventually(() => received.length === 1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(received[0]).toMatchObject({ messageId: id, routingKey: target, headers: { 'x-attempt': 1, 'x-first-death-reason': 'expired' } });
      await handle.cancel();
    });

    it('returns a message from a consumer queue’s delay queue to that queue only', async () => {
      const retry = retryNames(fixture.namespace);
      const sagas = await collect(names.queues.sagasBooking);
      const notifications = await collect(names.queues.notificationsDomain);
      const id = await publish(retry.exchange, retry.delayQueue(names.queues.sagasBooking, 0), { expirationMs: 100 });
      await eventually(() => idsOf(sagas.received).includes(id));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(idsOf(notifications.received)).not.toContain(id);
      expect(sagas.received.find((m) => m.messageId === id)?.routingKey).toBe(names.queues.sagasBooking);
      await sagas.handle.cancel();
      await notifications.handle.cancel();
    });

    it('asserts the same topology twice without complaint', async () => {
      await expect(broker().assertTopology(careGraphTopology(fixture.namespace))).resolves.toEqual({ mismatches: [] });
    });

    it('reports an exchange or queue that exists with other settings, declares the rest and keeps publishing', async () => {
      const exchange = `${fixture.namespace}test.mismatch`;
      const queue = `${fixture.namespace}test.mismatch.q`;
      const later = `${fixture.namespace}test.after.mismatch`;
      await declare({ exchanges: [{ name: exchange, type: 'topic' }], queues: [{ name: queue, type: 'classic' }], bindings: [] });
      const spec: TopologySpec = {
        exchanges: [{ name: exchange, type: 'fanout' }],
        queues: [{ name: queue, type: 'quorum' }, { name: later, type: 'classic' }],
        bindings: [{ source: names.domainEvents, destination: later, destinationType: 'queue', pattern: 'after.#' }],
      };
      declared.push(spec);
      const report = await broker().assertTopology(spec);
      expect(report.mismatches).toEqual([
        expect.objectContaining({ kind: 'exchange', name: exchange, declared: 'fanout', reason: expect.any(String) }),
        expect.objectContaining({ kind: 'queue', name: queue, declared: 'quorum', reason: expect.any(String) }),
      ]);
      const { received, handle } = await collect(later);
      const id = await publish(names.domainEvents, 'after.mismatch');
      await eventually(() => idsOf(received).includes(id));
      await handle.cancel();
    });
  });
}

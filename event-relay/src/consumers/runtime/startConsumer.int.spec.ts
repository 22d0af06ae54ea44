import { AmqpBroker, careGraphTopology, createLogger, topologyNames, type CloudEvent, type TopologySpec } from '@caregraph/shared';
import { createTestDatabase, deleteAmqpTopology, eventually, infra, testNamespace } from '@caregraph/testing';
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Registry } from 'prom-client';
import { DeadLetters } from '../deadLetters/DeadLetters';
import { openConsumerSchema, RecordingConsumer, testEvent } from './__tests__/recordingConsumer';
import { ConsumerMetrics } from './ConsumerMetrics';
import { consumerTopology, startConsumer, type RunningConsumer } from './startConsumer';

const DELAYS = [200, 400, 800];

describe('the consumer runtime on Postgres and RabbitMQ', () => {
  const namespace = testNamespace('consumer');
  const names = topologyNames(namespace);
  const logger = createLogger('consumer-test');
  logger.level = 'fatal';
  const registry = new Registry();
  const metrics = new ConsumerMetrics(registry);
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let orm: MikroORM<PostgreSqlDriver>;
  let broker: AmqpBroker;
  let deadLetters: DeadLetters;
  let main: RecordingConsumer;
  let other: RecordingConsumer;
  const running: RunningConsumer[] = [];
  const topologies: TopologySpec[] = [];

  const publish = (event: CloudEvent | Buffer, routingKey = (event as CloudEvent).type, messageId = (event as CloudEvent).id ?? 'raw') =>
    broker.publish({ exchange: names.domainEvents, routingKey, messageId, body: Buffer.isBuffer(event) ? event : Buffer.from(JSON.stringify(event)) });
  const counter = async (name: string, labels: Record<string, string>) => {
    const metric = (await registry.getSingleMetric(name)?.get())?.values.find((value) => Object.entries(labels).every(([k, v]) => value.labels[k] === v));
    return metric?.value ?? 0;
  };

  beforeAll(async () => {
    const { rabbitmqUrl } = await infra();
    database = await createTestDatabase('consumer');
    orm = await openConsumerSchema(database.url, 'runtime_test');
    broker = await AmqpBroker.connect(rabbitmqUrl, { logger });
    topologies.push(careGraphTopology(namespace));
    await broker.assertTopology(topologies[0]);
    main = new RecordingConsumer(orm, 'runtime_test', 'main', 'test.runtime', ['runtime.#']);
    other = new RecordingConsumer(orm, 'runtime_test', 'other', 'test.other', ['runtime.#']);
    other.failing = false;
    for (const consumer of [main, other]) {
      topologies.push(consumerTopology(consumer, namespace, DELAYS.length));
      running.push(await startConsumer(consumer.definition(), { broker, namespace, retry: { delaysMs: DELAYS, prefetch: 5 }, logger, metrics }));
    }
    deadLetters = await DeadLetters.connect(rabbitmqUrl, namespace);
  });

  afterAll(async () => {
    for (const consumer of running) await consumer.stop();
    await deadLetters?.close();
    await broker?.close();
    await orm?.close();
    await deleteAmqpTopology((await infra()).rabbitmqUrl, topologies);
    await database?.drop();
  });

  it('handles an event once and records it in the inbox', async () => {
    const event = testEvent('runtime.ok');
    await publish(event);
    await eventually(async () => (await main.effects(event.id)) === 1 && (await other.effects(event.id)) === 1);
    const inbox = await orm.em.fork().execute('select consumer, event_type from runtime_test.inbox where event_id = ?', [event.id]);
    expect(inbox).toEqual(expect.arrayContaining([{ consumer: 'main', event_type: 'runtime.ok' }, { consumer: 'other', event_type: 'runtime.ok' }]));
    expect(await counter('caregraph_consumer_handled_total', { consumer: 'main' })).toBeGreaterThanOrEqual(1);
  });

  it('has one effect when the same event is published twice', async () => {
    const event = testEvent('runtime.ok');
    const before = await counter('caregraph_consumer_duplicates_total', { consumer: 'main' });
    await publish(event);
    await publish(event);
    await eventually(async () => (await counter('caregraph_consumer_duplicates_total', { consumer: 'main' })) === before + 1);
    expect(await main.effects(event.id)).toBe(1);
    expect(main.callsFor(event.id)).toHaveLength(1);
  });

  it('retries a failing handler with growing delays, dead-letters it with its error, and replays it once fixed', async () => {
    const event = testEvent('runtime.flaky');
    await publish(event);
    await eventually(async () => (await deadLetters.list(['test.runtime'])).some((letter) => letter.id === event.id), 15_000);
    const attempts = main.callsFor(event.id);
    expect(attempts).toHaveLength(DELAYS.length + 1);
    const gaps = attempts.slice(1).map((at, i) => at - attempts[i]);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(DELAYS[i] - 20));
    expect(gaps[1]).toBeGreaterThan(gaps[0]);
    expect(gaps[2]).toBeGreaterThan(gaps[1]);
    const [letter] = (await deadLetters.list(['test.runtime'])).filter((l) => l.id === event.id);
    expect(letter).toMatchObject({ queue: names.deadLetterQueue(`${namespace}test.runtime`), type: 'runtime.flaky', error: 'Error: flaky failure', attempts: 4, originalRoutingKey: 'runtime.flaky' });
    expect(await main.effects(event.id)).toBe(0);
    // Retries reached the failing consumer's queue only: the other consumer saw the event once.
    expect(other.callsFor(event.id)).toHaveLength(1);

    main.failing = false;
    expect(await deadLetters.replay(event.id, ['test.runtime'])).toEqual([event.id]);
    await eventually(async () => (await main.effects(event.id)) === 1);
    expect((await deadLetters.list(['test.runtime'])).map((l) => l.id)).not.toContain(event.id);
    expect(other.callsFor(event.id)).toHaveLength(1);
    main.failing = true;
  }, 30_000);

  it('dead-letters a bad payload and a permanent failure at once, without retries', async () => {
    const permanent = testEvent('runtime.permanent');
    await publish(Buffer.from('not json at all'), 'runtime.bad', 'bad-payload-1');
    await publish(permanent);
    await eventually(async () => {
      const ids = (await deadLetters.list(['test.runtime'])).map((l) => l.id);
      return ids.includes('bad-payload-1') && ids.includes(permanent.id);
    });
    const letters = await deadLetters.list(['test.runtime']);
    expect(letters.find((l) => l.id === 'bad-payload-1')).toMatchObject({ type: '?', attempts: 1, error: expect.stringContaining('not valid JSON') });
    expect(letters.find((l) => l.id === permanent.id)).toMatchObject({ type: 'runtime.permanent', attempts: 1, error: 'PermanentError: this event can never be handled' });
    expect(main.callsFor(permanent.id)).toHaveLength(1);
    expect(await counter('caregraph_consumer_dead_lettered_total', { consumer: 'main', reason: 'permanent' })).toBeGreaterThanOrEqual(2);
  });

  it('lists dead letters without taking them, and purges them', async () => {
    const first = await deadLetters.list(['test.runtime']);
    expect(first.length).toBeGreaterThan(0);
    expect((await deadLetters.list(['test.runtime'])).map((l) => l.id).sort()).toEqual(first.map((l) => l.id).sort());
    expect(await deadLetters.purge(['test.runtime'])).toEqual({ [names.deadLetterQueue(`${namespace}test.runtime`)]: first.length });
    expect(await deadLetters.list(['test.runtime'])).toEqual([]);
  });
});

import { randomUUID } from 'node:crypto';
import { careGraphTopology, createCloudEvent, createLogger, InMemoryBroker, topologyNames, type CloudEvent, type ConsumerDefinition } from '@caregraph/shared';
import { createTestDatabase, eventually } from '@caregraph/testing';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { openConsumerSchema } from './__tests__/recordingConsumer';
import { startConsumer, type RunningConsumer } from './startConsumer';

describe("the consumer runtime's ordering key", () => {
  const namespace = 'order.';
  const names = topologyNames(namespace);
  const logger = createLogger('consumer-test');
  logger.level = 'fatal';
  const broker = new InMemoryBroker();
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let orm: MikroORM<PostgreSqlDriver>;
  const running: RunningConsumer[] = [];
  /** Per consumer: the events in the order their handling started, and the most handled at once. */
  const seen = new Map<string, { started: string[]; inFlight: number; most: number }>();

  /** A consumer of `<name>.#` whose handler does one database round trip; keyed by `data.key` when `keyed`. */
  function definition(name: string, keyed: boolean): ConsumerDefinition {
    const record = { started: [] as string[], inFlight: 0, most: 0 };
    seen.set(name, record);
    return {
      name,
      queue: `test.${name}`,
      bindings: [`${name}.#`],
      inboxSchema: 'ordering',
      em: orm.em as EntityManager,
      ...(keyed ? { orderingKey: (event: CloudEvent) => (event.data as { key?: string }).key } : {}),
      handle: async (event, em) => {
        record.started.push(event.id);
        record.most = Math.max(record.most, ++record.inFlight);
        await em.execute('select pg_sleep(0.02)');
        record.inFlight--;
      },
    };
  }

  /** Events of different aggregates (so only an ordering key can order them), all with key `k`. */
  const eventsOf = (type: string, count: number) =>
    Array.from({ length: count }, () => createCloudEvent({ type, source: '/caregraph/test', subject: randomUUID(), data: { key: 'k' } }) as CloudEvent);
  const publishAll = (events: CloudEvent[]) =>
    Promise.all(events.map((event) => broker.publish({ exchange: names.domainEvents, routingKey: event.type, messageId: event.id, body: Buffer.from(JSON.stringify(event)) })));

  beforeAll(async () => {
    database = await createTestDatabase('consumer_order');
    orm = await openConsumerSchema(database.url, 'ordering');
    await broker.assertTopology(careGraphTopology(namespace));
    for (const [name, keyed] of [['keyed', true], ['unkeyed', false]] as const) {
      running.push(await startConsumer(definition(name, keyed), { broker, namespace, retry: { prefetch: 10 }, logger }));
    }
  });

  afterAll(async () => {
    for (const consumer of running) await consumer.stop();
    await broker.close();
    await orm?.close();
    await database?.drop();
  });

  it('handles events sharing a key one at a time, in arrival order', async () => {
    const events = eventsOf('keyed.happened', 6);
    await publishAll(events);
    await eventually(() => seen.get('keyed')!.started.length === events.length && seen.get('keyed')!.inFlight === 0);
    expect(seen.get('keyed')!.started).toEqual(events.map((event) => event.id));
    expect(seen.get('keyed')!.most).toBe(1);
  });

  it('without a key, handles events of different aggregates concurrently', async () => {
    const events = eventsOf('unkeyed.happened', 6);
    await publishAll(events);
    await eventually(() => seen.get('unkeyed')!.started.length === events.length && seen.get('unkeyed')!.inFlight === 0);
    expect(seen.get('unkeyed')!.most).toBeGreaterThan(1);
  });
});

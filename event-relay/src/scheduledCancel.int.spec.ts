import type { MikroORM } from '@mikro-orm/core';
import { careEntities, careMigrations } from '@caregraph/care';
import {
  AmqpBroker,
  cancelScheduled,
  careGraphTopology,
  createLogger,
  createOrm,
  mergeTopology,
  migrateUp,
  recordEvent,
  topologyNames,
  type TopologySpec,
} from '@caregraph/shared';
import { createTestDatabase, deleteAmqpTopology, eventually, infra, testNamespace } from '@caregraph/testing';
import { Deliveries } from './__tests__/outboxFixture';
import { startEventRelay, type EventRelay } from './startEventRelay';

/** The outbox's cancel-by-key capability, on care's migrated schema, through a real relay. */
describe('cancelling a scheduled outbox row by its key', () => {
  const namespace = testNamespace('cancel');
  const testQueue = `${namespace}test.all`;
  const topology: TopologySpec = mergeTopology(careGraphTopology(namespace), {
    exchanges: [],
    queues: [{ name: testQueue, type: 'classic' }],
    bindings: [{ source: topologyNames(namespace).domainEvents, destination: testQueue, destinationType: 'queue', pattern: '#' }],
  });
  const deliveries = new Deliveries();
  const logger = createLogger('scheduled-cancel-test');
  logger.level = 'fatal';
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let orm: MikroORM;
  let broker: AmqpBroker;
  let relay: EventRelay;

  const due = (aggregateId: string, availableAt: Date, cancelKey?: string) => ({
    type: 'medication.due',
    aggregateType: 'MedicationReminder',
    aggregateId,
    data: {},
    availableAt,
    cancelKey,
  });
  const statusOf = async (id: string) =>
    (await orm.em.getConnection().execute<{ status: string }[]>(`select status from care.outbox where id = ?`, [id]))[0].status;

  beforeAll(async () => {
    const { rabbitmqUrl } = await infra();
    database = await createTestDatabase('cancel');
    orm = await createOrm({ clientUrl: database.url, schema: 'care', entities: careEntities, migrations: careMigrations, poolMax: 2 });
    await migrateUp(orm);
    broker = await AmqpBroker.connect(rabbitmqUrl, { logger });
    await broker.assertTopology(topology);
    await broker.consume(testQueue, deliveries.handler);
    relay = await startEventRelay({ databaseUrl: database.url, schemas: ['care'], broker, namespace, port: 0, logger });
  });

  afterAll(async () => {
    await relay?.stop();
    await broker?.close();
    await orm?.close();
    await deleteAmqpTopology((await infra()).rabbitmqUrl, [topology]);
    await database?.drop();
  });

  it('never publishes a cancelled scheduled row, publishes the uncancelled one, and does not hold the aggregate back', async () => {
    const at = new Date(Date.now() + 1500);
    const [kept, cancelled] = await orm.em.fork().transactional(async (em) => [
      recordEvent(em, '/caregraph/care', due('med-kept', at, 'medication.due:med-kept')),
      recordEvent(em, '/caregraph/care', due('med-stopped', at, 'medication.due:med-stopped')),
    ]);
    const count = await orm.em.fork().transactional((em) => cancelScheduled(em, 'medication.due:med-stopped'));
    expect(count).toBe(1);
    // A later event of the cancelled row's aggregate is not blocked behind it.
    const after = await orm.em.fork().transactional(async (em) => recordEvent(em, '/caregraph/care', due('med-stopped', new Date())));

    await eventually(() => deliveries.ids().has(kept.id) && deliveries.ids().has(after.id), 10_000);
    expect(deliveries.ids().has(cancelled.id)).toBe(false);
    expect(await statusOf(cancelled.id)).toBe('CANCELLED');
    expect(await statusOf(kept.id)).toBe('PROCESSED');
  });

  it('cancels only rows not yet due, and only when the caller’s transaction commits', async () => {
    const future = new Date(Date.now() + 60_000);
    const [pending, dueNow] = await orm.em.fork().transactional(async (em) => [
      recordEvent(em, '/caregraph/care', due('med-a', future, 'key-a')),
      recordEvent(em, '/caregraph/care', due('med-b', new Date(Date.now() - 1000), 'key-a')),
    ]);
    await expect(
      orm.em.fork().transactional(async (em) => {
        expect(await cancelScheduled(em, 'key-a')).toBe(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await statusOf(pending.id)).toBe('PENDING');
    await eventually(() => deliveries.ids().has(dueNow.id));
    expect(await orm.em.fork().transactional((em) => cancelScheduled(em, 'key-a'))).toBe(1);
    expect(await statusOf(pending.id)).toBe('CANCELLED');
    expect(await orm.em.fork().transactional((em) => cancelScheduled(em, 'key-a'))).toBe(0);
  });
});

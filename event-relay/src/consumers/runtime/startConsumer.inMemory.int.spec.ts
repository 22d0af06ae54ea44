import { careGraphTopology, createLogger, InMemoryBroker, topologyNames, type BrokerMessage, type CloudEvent } from '@caregraph/shared';
import { createTestDatabase, eventually } from '@caregraph/testing';
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { openConsumerSchema, RecordingConsumer, testEvent } from './__tests__/recordingConsumer';
import { startConsumer, type RunningConsumer } from './startConsumer';

// Embedded mode runs the same runtime on InMemoryBroker: its per-message TTL dead-lettering
// drives the delay queues there.
describe('the consumer runtime on InMemoryBroker (embedded mode)', () => {
  const namespace = 'mem.';
  const names = topologyNames(namespace);
  const logger = createLogger('consumer-test');
  logger.level = 'fatal';
  const broker = new InMemoryBroker();
  const deadLetters: BrokerMessage[] = [];
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let orm: MikroORM<PostgreSqlDriver>;
  let consumer: RecordingConsumer;
  let running: RunningConsumer;

  const publish = (event: CloudEvent) =>
    broker.publish({ exchange: names.domainEvents, routingKey: event.type, messageId: event.id, body: Buffer.from(JSON.stringify(event)) });

  beforeAll(async () => {
    database = await createTestDatabase('consumer_mem');
    orm = await openConsumerSchema(database.url, 'runtime_mem');
    await broker.assertTopology(careGraphTopology(namespace));
    consumer = new RecordingConsumer(orm, 'runtime_mem', 'mem', 'test.mem', ['mem.#']);
    running = await startConsumer(consumer.definition(), { broker, namespace, retry: { delaysMs: [100, 200] }, logger });
    await broker.consume(names.deadLetterQueue(running.queue), async (message) => void deadLetters.push(message));
  });

  afterAll(async () => {
    await running?.stop();
    await broker.close();
    await orm?.close();
    await database?.drop();
  });

  it('handles an event published twice once', async () => {
    const event = testEvent('mem.ok');
    await publish(event);
    await publish(event);
    await eventually(async () => (await consumer.effects(event.id)) === 1);
    await eventually(() => consumer.callsFor(event.id).length === 1);
  });

  it('retries after growing delays, then dead-letters with the error and attempt count', async () => {
    const event = testEvent('mem.flaky');
    await publish(event);
    await eventually(() => deadLetters.some((m) => m.messageId === event.id), 5000);
    const attempts = consumer.callsFor(event.id);
    expect(attempts).toHaveLength(3);
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(95);
    expect(attempts[2] - attempts[1]).toBeGreaterThanOrEqual(195);
    expect(deadLetters.find((m) => m.messageId === event.id)?.headers).toMatchObject({
      'x-error': 'Error: flaky failure',
      'x-attempts': 3,
      'x-original-routing-key': 'mem.flaky',
      'x-consumer': 'mem',
      'x-first-failed-at': expect.any(String),
    });
  });

  it("follows a definition's own retry schedule over the runtime's, telling the handler each attempt and whether a retry follows", async () => {
    const own = new RecordingConsumer(orm, 'runtime_mem', 'mem-own', 'test.mem_own', ['own.#']);
    own.retryDelaysMs = [50];
    const started = await startConsumer(own.definition(), { broker, namespace, retry: { delaysMs: [100, 200] }, logger });
    const letters: BrokerMessage[] = [];
    await broker.consume(names.deadLetterQueue(started.queue), async (message) => void letters.push(message));
    try {
      const event = testEvent('own.flaky');
      await publish(event);
      await eventually(() => letters.some((m) => m.messageId === event.id), 5000);
      expect(own.calls.map((call) => call.attempt)).toEqual([{ number: 1, retryDelayMs: 50 }, { number: 2, retryDelayMs: undefined }]);
      expect(letters[0].headers).toMatchObject({ 'x-attempts': 2, 'x-consumer': 'mem-own' });
    } finally {
      await started.stop();
    }
  });
});

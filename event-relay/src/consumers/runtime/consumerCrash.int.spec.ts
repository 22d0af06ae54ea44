import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AmqpBroker, careGraphTopology, createLogger, topologyNames } from '@caregraph/shared';
import { createTestDatabase, deleteAmqpTopology, eventually, infra, testNamespace } from '@caregraph/testing';
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { openConsumerSchema, RecordingConsumer, testEvent } from './__tests__/recordingConsumer';
import { consumerTopology } from './startConsumer';

const script = path.resolve(__dirname, '../../../../test/support/consumerProcess.js');
const built = path.resolve(__dirname, '../../../dist/consumers/runtime/startConsumer.js');

/** A consumer process and the lines it printed. */
interface ConsumerProcess {
  child: ChildProcess;
  lines: string[];
}

describe('a consumer killed with SIGKILL mid-handler and restarted', () => {
  const namespace = testNamespace('consumer-crash');
  const names = topologyNames(namespace);
  const logger = createLogger('consumer-crash-test');
  logger.level = 'fatal';
  const definition = { queue: 'test.crash', bindings: ['crash.#'] };
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let orm: MikroORM<PostgreSqlDriver>;
  let broker: AmqpBroker;
  let effects: RecordingConsumer;
  let current: ConsumerProcess | undefined;

  async function startProcess(handlerDelayMs: number): Promise<ConsumerProcess> {
    const { rabbitmqUrl } = await infra();
    const child = spawn(process.execPath, [script], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        RABBITMQ_URL: rabbitmqUrl,
        CAREGRAPH_NAMESPACE: namespace,
        CONSUMER_SCHEMA: 'crash_test',
        CONSUMER_QUEUE: definition.queue,
        HANDLER_DELAY_MS: String(handlerDelayMs),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const started: ConsumerProcess = { child, lines: [] };
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => started.lines.push(...chunk.split('\n').filter(Boolean)));
    await eventually(() => started.lines.includes('ready'), 20_000);
    return started;
  }

  async function kill(target: ConsumerProcess): Promise<void> {
    const exited = new Promise((resolve) => target.child.once('exit', resolve));
    target.child.kill('SIGKILL');
    await exited;
  }

  beforeAll(async () => {
    if (!existsSync(built)) throw new Error('Run "npm run build" first: the consumer process runs event-relay/dist.');
    const { rabbitmqUrl } = await infra();
    database = await createTestDatabase('consumer_crash');
    orm = await openConsumerSchema(database.url, 'crash_test');
    effects = new RecordingConsumer(orm, 'crash_test', 'crash', definition.queue, definition.bindings);
    broker = await AmqpBroker.connect(rabbitmqUrl, { logger });
    await broker.assertTopology(careGraphTopology(namespace));
  });

  afterAll(async () => {
    if (current && current.child.exitCode === null) await kill(current);
    await broker?.close();
    await orm?.close();
    await deleteAmqpTopology((await infra()).rabbitmqUrl, [careGraphTopology(namespace), consumerTopology(definition, namespace, 2)]);
    await database?.drop();
  });

  it('has the effect exactly once', async () => {
    current = await startProcess(60_000);
    const event = testEvent('crash.happened');
    await broker.publish({ exchange: names.domainEvents, routingKey: event.type, messageId: event.id, body: Buffer.from(JSON.stringify(event)) });
    await eventually(() => current!.lines.includes(`handling ${event.id}`));
    await kill(current);
    // The handler's transaction never committed: neither the effect nor the inbox row is there.
    expect(await effects.effects(event.id)).toBe(0);
    expect(await orm.em.fork().execute('select * from crash_test.inbox where event_id = ?', [event.id])).toEqual([]);

    current = await startProcess(0);
    await eventually(async () => (await effects.effects(event.id)) === 1, 20_000);
    expect(current.lines.filter((line) => line === `handling ${event.id}`)).toHaveLength(1);
    // A later duplicate of the same event has no second effect either.
    await broker.publish({ exchange: names.domainEvents, routingKey: event.type, messageId: event.id, body: Buffer.from(JSON.stringify(event)) });
    const marker = testEvent('crash.marker');
    await broker.publish({ exchange: names.domainEvents, routingKey: marker.type, messageId: marker.id, body: Buffer.from(JSON.stringify(marker)) });
    await eventually(async () => (await effects.effects(marker.id)) === 1);
    expect(await effects.effects(event.id)).toBe(1);
    expect(await orm.em.fork().execute('select consumer from crash_test.inbox where event_id = ?', [event.id])).toEqual([{ consumer: 'crash' }]);
  }, 60_000);
});

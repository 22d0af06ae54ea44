// A consumer in a process of its own, for crash tests (needs `npm run build`): runs the
// consumer runtime on CONSUMER_QUEUE (bound to `crash.#`) with an inbox and an `effects` table
// in CONSUMER_SCHEMA. Each handling inserts one effect, prints `handling <event id>` and then
// waits HANDLER_DELAY_MS inside the transaction, so a kill meanwhile leaves it uncommitted.
require('reflect-metadata');
const { AmqpBroker, createLogger, createOrm } = require('@caregraph/shared');
const { startConsumer } = require('@caregraph/event-relay');

async function main(env) {
  const schema = env.CONSUMER_SCHEMA;
  const logger = createLogger('consumer-process');
  logger.level = 'error';
  const orm = await createOrm({ clientUrl: env.DATABASE_URL, schema, entities: [], migrations: [], poolMax: 2 });
  const broker = await AmqpBroker.connect(env.RABBITMQ_URL, { logger });
  const delayMs = Number(env.HANDLER_DELAY_MS ?? 0);
  await startConsumer(
    {
      name: 'crash',
      queue: env.CONSUMER_QUEUE,
      bindings: ['crash.#'],
      inboxSchema: schema,
      em: orm.em,
      async handle(event, em) {
        await em.execute(`insert into "${schema}"."effects" ("event_id", "consumer") values (?, 'crash')`, [event.id]);
        process.stdout.write(`handling ${event.id}\n`);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      },
    },
    { broker, namespace: env.CAREGRAPH_NAMESPACE ?? '', retry: { delaysMs: [200, 400] }, logger },
  );
  process.stdout.write('ready\n');
}

main(process.env).catch((error) => {
  console.error(error);
  process.exit(1);
});

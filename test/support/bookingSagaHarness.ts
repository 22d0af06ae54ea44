import { randomUUID } from 'node:crypto';
import { billingCommandConsumer, billingEntities, billingMigrations, RecordingPaymentProcessor, startBilling, type RunningBilling } from '@caregraph/billing';
import { careCommandConsumer, careEntities, careMigrations } from '@caregraph/care';
import { createCloudEvent, createOrm, migrateUp, type CloudEvent, type ConsumerDefinition, type OrmOptions, gatewayHeaders } from '@caregraph/shared';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager, PostgreSqlDriver } from '@mikro-orm/postgresql';
import pino from 'pino';
import { BOOKING_REPLIES, bookingSagaConsumer, sagasEntities, sagasMigrations, startSagas } from '@caregraph/sagas';
import { HARNESS_JWT_SECRET, startSubgraphHarness, type GraphQLResponse, type SubgraphHarness } from './subgraphHarness';

/** Rows are untyped; tests assert their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

export const silentLogger = pino({ level: 'silent' });

/** One requested appointment in care, and the `appointment.requested` event care recorded for it. */
export interface RequestedAppointment {
  appointmentId: string;
  careCircleId: string;
  owner: { id: string; token: string };
  event: CloudEvent;
}

/**
 * The booking saga's integration harness (the sagas specs import it as
 * `@caregraph/testing/bookingSagaHarness`; it is not in the index, so other suites do not load
 * care, billing and sagas): billing served over HTTP (for payBill), the sagas subgraph (for Appointment.booking), the
 * saga consumer on its own ORM, and care's and billing's command consumers on theirs, all on one
 * database of its own. `settle` plays the relay between them: the saga's commands to their
 * consumers, their replies back to the saga.
 */
export interface BookingSagaHarness extends SubgraphHarness<RunningBilling> {
  consumer: ConsumerDefinition;
  /** billing's command consumer refunds through it: a sandbox of its own (as in the billing role, another instance than the billing subgraph's), recording refunds. */
  processor: RecordingPaymentProcessor;
  /** Like the consumer runtime (inbox row and handler in one transaction; 'duplicate' if the inbox had it), then `settle`. */
  deliver(event: CloudEvent, consumer?: ConsumerDefinition): Promise<'handled' | 'duplicate'>;
  /** The handler alone in a transaction (no inbox, no settle), as a redelivery without the inbox would run. */
  handle(event: CloudEvent, consumer?: ConsumerDefinition): Promise<void>;
  /**
   * Until nothing is left: each pending command in the sagas outbox to care's or billing's
   * command consumer (like the runtime, with their inboxes), then each reply in their outboxes
   * to the saga; bill.created is left to the tests, which deliver it when they choose. A
   * failing command stays pending (the error is thrown): the next settle retries it.
   */
  settle(consumer?: ConsumerDefinition): Promise<void>;
  /** Another consumer (e.g. a different deadline) on fresh ORMs, as a restarted process would have. */
  newConsumer(paymentDeadlineMs?: number, maxDeclines?: number): Promise<ConsumerDefinition>;
  requestAppointment(feeCents?: number): Promise<RequestedAppointment>;
  payBill(appointment: RequestedAppointment, paymentMethod: 'pm_card_ok' | 'pm_card_declined'): Promise<void>;
  /** What a member's cancelAppointment leaves in care: the appointment CANCELLED with the reason. */
  cancelByMember(appointment: RequestedAppointment, reason: string): Promise<void>;
  /** The latest event of `type` about the appointment in `schema`'s outbox. */
  outboxEvent(schema: string, type: string, appointmentId: string): Promise<CloudEvent>;
  outboxCount(schema: string, type: string, appointmentId: string): Promise<number>;
  saga(appointmentId: string): Promise<Row>;
  appointment(appointmentId: string): Promise<Row>;
  bill(appointmentId: string): Promise<Row>;
  /** The appointment's payments, oldest first. */
  payments(appointmentId: string): Promise<Row[]>;
  sagasGql(query: string, variables: Record<string, unknown>, token?: string): Promise<GraphQLResponse>;
}

export async function startBookingSagaHarness(label: string, paymentDeadlineMs = 60_000): Promise<BookingSagaHarness> {
  const base = await startSubgraphHarness(label, (start) => startBilling(start));
  const sagasServer = await startSagas({ databaseUrl: base.databaseUrl, port: 0, jwtSecret: HARNESS_JWT_SECRET, logger: silentLogger });
  const orms: MikroORM<PostgreSqlDriver>[] = [];
  const processor = new RecordingPaymentProcessor();
  const open = async (schema: string, entities: OrmOptions['entities'], migrations: OrmOptions['migrations']) => {
    const orm = await createOrm({ clientUrl: base.databaseUrl, schema, entities, migrations });
    orms.push(orm);
    await migrateUp(orm);
    return orm.em as EntityManager;
  };
  const newConsumer = async (deadlineMs = paymentDeadlineMs, maxDeclines?: number) =>
    bookingSagaConsumer({ em: await open('sagas', sagasEntities, sagasMigrations), paymentDeadlineMs: deadlineMs, maxDeclines });
  const consumer = await newConsumer();
  const commands = {
    care: careCommandConsumer({ em: await open('care', careEntities, careMigrations) }),
    billing: billingCommandConsumer({ em: await open('billing', billingEntities, billingMigrations), paymentProcessor: processor }),
  };
  const deliverOnce = (definition: ConsumerDefinition, event: CloudEvent) =>
    definition.em.fork().transactional(async (em) => {
      const inserted = await em.execute(
        `insert into "${definition.inboxSchema}".inbox (consumer, event_id, event_type) values (?, ?, ?) on conflict do nothing returning event_id`,
        [definition.name, event.id, event.type],
      );
      if (!inserted.length) return 'duplicate' as const;
      await definition.handle(event, em, silentLogger);
      return 'handled' as const;
    });
  const pending = async (schema: string, where: string, params: unknown[] = []): Promise<{ id: string; payload: CloudEvent }[]> =>
    (await base.db.query(`select id, payload from "${schema}".outbox where status = 'PENDING' and ${where} order by sequence`, params)).rows;
  const relayed = (schema: string, id: string) => base.db.query(`update "${schema}".outbox set status = 'PROCESSED', processed_at = now() where id = $1`, [id]);
  const settle = async (saga = consumer) => {
    for (let round = 0; round < 20; round++) {
      let moved = 0;
      for (const { id, payload } of await pending('sagas', `exchange = 'commands'`)) {
        await deliverOnce(payload.type.startsWith('billing.') ? commands.billing : commands.care, payload);
        await relayed('sagas', id);
        moved++;
      }
      for (const schema of ['care', 'billing']) {
        for (const { id, payload } of await pending(schema, 'event_type = any($1::text[])', [BOOKING_REPLIES])) {
          await deliverOnce(saga, payload);
          await relayed(schema, id);
          moved++;
        }
      }
      if (!moved) return;
    }
    throw new Error('The saga and its commands did not settle in 20 rounds.');
  };
  const one = async (sql: string, params: unknown[]) => (await base.db.query(sql, params)).rows[0] as Row;
  const ofAppointment = (schema: string) =>
    `from "${schema}".outbox where event_type = $1 and (aggregate_id = $2 or payload->'data'->>'appointmentId' = $2)`;

  return {
    ...base,
    consumer,
    processor,
    newConsumer,
    settle,
    async deliver(event, definition = consumer) {
      const outcome = await deliverOnce(definition, event);
      await settle(definition);
      return outcome;
    },
    handle: (event, definition = consumer) => definition.em.fork().transactional(async (em) => {
        await definition.handle(event, em, silentLogger);
      }),
    async requestAppointment(feeCents = 4500) {
      const careCircleId = randomUUID();
      const owner = await base.member(careCircleId, 'OWNER');
      const recipientId = randomUUID();
      const appointmentId = randomUUID();
      const startsAt = new Date(Date.now() + 86_400_000).toISOString();
      await base.db.query('insert into care.care_recipient (id, care_circle_id, name, created_by_id) values ($1, $2, $3, $4)', [recipientId, careCircleId, 'Grandma', owner.id]);
      await base.db.query(
        `insert into care.appointment (id, care_recipient_id, care_circle_id, title, starts_at, status, fee_cents, created_by_id)
         values ($1, $2, $3, 'Cardiology', $4, 'REQUESTED', $5, $6)`,
        [appointmentId, recipientId, careCircleId, startsAt, feeCents, owner.id],
      );
      const data = { appointmentId, careRecipientId: recipientId, careCircleId, title: 'Cardiology', startsAt, location: null, feeCents, currency: 'USD', status: 'REQUESTED', requestedBy: owner.id };
      const event = createCloudEvent({ type: 'appointment.requested', source: '/caregraph/care', subject: appointmentId, data, careCircleId, aggregateType: 'Appointment', causedBy: owner.id });
      return { appointmentId, careCircleId, owner, event };
    },
    async payBill({ appointmentId, owner }, paymentMethod) {
      const { id: billId } = await one('select id from billing.bill where appointment_id = $1', [appointmentId]);
      const result = await base.gql('mutation ($input: PayBillInput!) { payBill(input: $input) { id status } }', { input: { billId, paymentMethod } }, owner.token);
      if (result.errors) throw new Error(`payBill failed: ${JSON.stringify(result.errors)}`);
    },
    async cancelByMember({ appointmentId }, reason) {
      await base.db.query(`update care.appointment set status = 'CANCELLED', cancellation_reason = $2, version = version + 1 where id = $1`, [appointmentId, reason]);
    },
    async outboxEvent(schema, type, appointmentId) {
      const row = await one(`select payload ${ofAppointment(schema)} order by sequence desc limit 1`, [type, appointmentId]);
      if (!row) throw new Error(`No ${type} about ${appointmentId} in ${schema}.outbox`);
      return row.payload as CloudEvent;
    },
    outboxCount: async (schema, type, appointmentId) => (await one(`select count(*)::int as n ${ofAppointment(schema)}`, [type, appointmentId])).n,
    saga: (appointmentId) => one('select * from sagas.booking_saga where appointment_id = $1', [appointmentId]),
    appointment: (appointmentId) => one('select * from care.appointment where id = $1', [appointmentId]),
    bill: (appointmentId) => one('select * from billing.bill where appointment_id = $1', [appointmentId]),
    payments: async (appointmentId) =>
      (await base.db.query('select p.* from billing.payment p join billing.bill b on b.id = p.bill_id where b.appointment_id = $1 order by p.created_at', [appointmentId])).rows,
    async sagasGql(query, variables, token) {
      const response = await fetch(sagasServer.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await gatewayHeaders('sagas')), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse;
    },
    async close() {
      for (const orm of orms) await orm.close();
      await sagasServer.stop();
      await base.close();
    },
  };
}

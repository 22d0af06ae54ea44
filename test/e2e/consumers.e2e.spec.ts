import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { Client } from 'pg';
import { topologyNames } from '@caregraph/shared';
import { activeSubscriptions } from './gatewayMetrics';
import {
  createTestDatabase,
  deleteAmqpNamespace,
  eventually,
  gatewayUsers,
  graphqlAt,
  infra,
  startCareGraph,
  startRelayProcess,
  startSmtpSink,
  testNamespace,
  type RelayProcess,
  type RunningCareGraph,
  type SmtpSink,
} from '@caregraph/testing';

/**
 * The consumers in services mode, as real processes: CareGraph from the README's start command
 * (relay, audit and notifications roles, care's and billing's command consumers, mail to
 * a real SMTP server), and the booking saga as a process of its own so that it can be killed and
 * restarted.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

describe('the consumers end to end', () => {
  let caregraph: RunningCareGraph;
  let saga: RelayProcess;
  let smtp: SmtpSink;
  let db: Client;
  let env: NodeJS.ProcessEnv;
  let dropDatabase: () => Promise<void>;
  let namespace: string;

  const { gql } = graphqlAt(() => caregraph.gatewayUrl);
  const { signUp, join } = gatewayUsers(gql);
  /** A circle owned by a new user with one care recipient; returns both. */
  const circleWithRecipient = async () => {
    const owner = await signUp('Olga');
    const { createCareCircle } = await gql('mutation { createCareCircle(input: { name: "Mum" }) { id } }', {}, owner.token);
    const { addCareRecipient } = await gql('mutation($i: AddCareRecipientInput!) { addCareRecipient(input: $i) { id } }', { i: { careCircleId: createCareCircle.id, name: 'Mum' } }, owner.token);
    return { owner, circleId: createCareCircle.id as string, recipientId: addCareRecipient.id as string };
  };
  const schedule = async (recipientId: string, token: string) =>
    (await gql('mutation($i: ScheduleAppointmentInput!) { scheduleAppointment(input: $i) { id } }', {
      i: { careRecipientId: recipientId, title: 'Check-up', startsAt: new Date(Date.now() + 86400000).toISOString(), feeCents: 4000 },
    }, token)).scheduleAppointment.id as string;
  const appointment = async (id: string, token: string) =>
    (await gql('query($id: ID!) { appointment(id: $id) { status cancellationReason bill { id status } booking { status step deadline history { name outcome } } } }', { id }, token)).appointment;
  const outboxCount = async (schema: string, type: string, subject: string) =>
    Number((await db.query(`select count(*) from "${schema}".outbox where event_type = $1 and payload->'data'->>'appointmentId' = $2`, [type, subject])).rows[0].count);
  /** A new circle's appointment, paid with a good card and confirmed by the saga. */
  const paidAppointment = async () => {
    const { owner, recipientId } = await circleWithRecipient();
    const id = await schedule(recipientId, owner.token);
    const bill = await eventually(async () => {
      const { bill: created } = await appointment(id, owner.token);
      expect(created).toMatchObject({ status: 'PENDING' });
      return created;
    }, 20000);
    await gql('mutation($i: PayBillInput!) { payBill(input: $i) { status } }', { i: { billId: bill.id, paymentMethod: 'pm_card_ok' } }, owner.token);
    await eventually(async () => expect(await appointment(id, owner.token)).toMatchObject({ status: 'CONFIRMED', bill: { status: 'PAID' }, booking: { status: 'COMPLETED' } }), 20000);
    return { owner, id };
  };
  /** The one CloudEvent of this type an outbox recorded for the appointment. */
  const recorded = async (schema: string, type: string, appointmentId: string) => {
    const { rows } = await db.query(`select payload from "${schema}".outbox where event_type = $1 and payload->'data'->>'appointmentId' = $2`, [type, appointmentId]);
    expect(rows).toHaveLength(1);
    return rows[0].payload as Loose;
  };
  /** Publishes CloudEvents again with their own ids, as the broker does after a lost ack. */
  const redeliver = async (events: Loose[]) => {
    const connection = await amqp.connect((await infra()).rabbitmqUrl);
    const channel = await connection.createConfirmChannel();
    for (const event of events) channel.publish(topologyNames(namespace).domainEvents, event.type, Buffer.from(JSON.stringify(event)), { messageId: event.id, persistent: true });
    await channel.waitForConfirms();
    await connection.close();
  };
  const sagaEnv = (deadlineMs: number) => ({ ...env, RELAY_ROLES: 'sagas', BOOKING_PAYMENT_DEADLINE_MS: String(deadlineMs) });

  beforeAll(async () => {
    const servers = await infra();
    const database = await createTestDatabase('consumers');
    dropDatabase = database.drop;
    db = new Client({ connectionString: database.url });
    await db.connect();
    namespace = testNamespace('consumers');
    smtp = await startSmtpSink();
    env = { ...process.env, DATABASE_URL: database.url, RABBITMQ_URL: servers.rabbitmqUrl, REDIS_URL: servers.redisUrl, CAREGRAPH_NAMESPACE: namespace, JWT_SECRET: 'consumers-e2e-secret-consumers-e2e' };
    // A 3-second grace, so an overdue dose is seen within the test.
    caregraph = await startCareGraph({ ...env, SMTP_URL: smtp.url, RELAY_ROLES: 'relay,audit,notifications,care,billing', DOSE_GRACE_MINUTES: '0.05' });
    saga = await startRelayProcess(sagaEnv(60000));
  }, 180000);

  afterAll(async () => {
    await saga?.stop();
    await caregraph?.stop();
    await smtp?.stop();
    await db?.end();
    await deleteAmqpNamespace((await infra()).rabbitmqUrl, namespace).catch(() => undefined);
    await dropDatabase?.();
  }, 60000);

  it("tells every other member of an emergency in the app and by email within seconds, and nobody else's stream or log shows their notifications", async () => {
    const { owner, circleId, recipientId } = await circleWithRecipient();
    const caregiver = await signUp('Carl');
    const viewer = await signUp('Vera');
    for (const [member, role] of [[caregiver, 'CAREGIVER'], [viewer, 'VIEWER']] as const) await join(circleId, owner, member, role);
    const { raiseEmergencyAlert } = await gql('mutation($i: RaiseEmergencyAlertInput!) { raiseEmergencyAlert(input: $i) { id } }', { i: { careRecipientId: recipientId, message: 'Mum fell on the stairs' } }, caregiver.token);

    for (const member of [owner, viewer]) {
      await eventually(async () => {
        const { myNotifications } = await gql('{ myNotifications { edges { node { eventType priority channels } } } }', {}, member.token);
        expect(myNotifications.edges.map((e: Loose) => e.node)).toContainEqual({ eventType: 'emergency.alert.created', priority: 'CRITICAL', channels: ['IN_APP', 'EMAIL', 'PUSH', 'SMS'] });
        expect(smtp.to(member.email).some((mail) => /emergency/i.test(mail.subject))).toBe(true);
      }, 5000);
    }
    // The notifications of one event are written in one transaction: the raiser has none.
    const { myNotifications: raisers } = await gql('{ myNotifications { edges { node { eventType } } } }', {}, caregiver.token);
    expect(raisers.edges.map((edge: Loose) => edge.node.eventType)).not.toContain('emergency.alert.created');

    // Once the audit store holds every notification.created of the alert, the circle's log (what
    // careCircleEvents streams and replays) holds none of them, nor their content.
    const alertEvent = await db.query("select id from care.outbox where event_type = 'emergency.alert.created' and payload->'data'->>'alertId' = $1", [raiseEmergencyAlert.id]);
    await eventually(async () => {
      const stored = await db.query("select care_circle_id from audit.events where type = 'notification.created' and causation_id = $1", [alertEvent.rows[0].id]);
      expect(stored.rows).toHaveLength(2);
      expect(stored.rows.every((row) => row.care_circle_id === null)).toBe(true);
    }, 10000);
    const { careCircleEventLog } = await gql(
      'query($c: ID!) { careCircleEventLog(careCircleId: $c, first: 200) { edges { node { type data } } } }',
      { c: circleId },
      viewer.token,
    );
    const types = careCircleEventLog.edges.map((edge: Loose) => edge.node.type);
    expect(types).toContain('emergency.alert.created');
    expect(types.filter((type: string) => type.startsWith('notification.'))).toEqual([]);
  });

  it('mails an invitation to an unknown address and to a user, and nothing else to either', async () => {
    const { owner, circleId } = await circleWithRecipient();
    const stranger = `stranger-${randomUUID().slice(0, 8)}@example.com`;
    const known = await signUp('Kurt');
    for (const email of [stranger, known.email]) {
      await gql('mutation($i: InviteMemberInput!) { inviteMember(input: $i) { id } }', { i: { careCircleId: circleId, email, role: 'FAMILY' } }, owner.token);
    }
    await eventually(() => {
      expect(smtp.to(stranger).map((mail) => mail.subject)).toEqual(['Join Mum on CareGraph']);
      expect(smtp.to(known.email).map((mail) => mail.subject)).toEqual(['You were invited to Mum']);
    }, 10000);
    const { myNotifications } = await gql('{ myNotifications { edges { node { eventType } } } }', {}, known.token);
    expect(myNotifications.edges).toEqual([]);
  });

  it('streams notificationReceived, emergencyAlerts and appointmentChanged to a member', async () => {
    const { owner, circleId, recipientId } = await circleWithRecipient();
    // Another member raises the alert: whoever raises one is not notified of it.
    const carer = await signUp('Cleo');
    await join(circleId, owner, carer, 'CAREGIVER');
    const ws = createClient({ url: caregraph.gatewayUrl.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${owner.token}` } });
    const received: Record<string, Loose[]> = { notificationReceived: [], emergencyAlerts: [], appointmentChanged: [] };
    const subscribe = (query: string, variables: Loose = {}) =>
      ws.subscribe({ query, variables }, {
        next: ({ data, errors }) => {
          if (errors) throw new Error(JSON.stringify(errors));
          for (const [field, value] of Object.entries(data ?? {})) received[field].push(value as Loose);
        },
        error: (error) => {
          throw new Error(JSON.stringify(error));
        },
        complete: () => undefined,
      });
    subscribe('subscription { notificationReceived { title priority eventType recipient { id displayName } } }');
    subscribe('subscription($c: ID!) { emergencyAlerts(careCircleId: $c) { message status raisedBy { displayName } } }', { c: circleId });
    subscribe('subscription($c: ID!) { appointmentChanged(careCircleId: $c) { title status careRecipient { name } } }', { c: circleId });
    await eventually(async () => expect(await activeSubscriptions(caregraph.gatewayMetricsUrl)).toBe(3), 10000);

    // Each event's fields are resolved when it is delivered (current state), so resolve the
    // alert only once its raise has arrived.
    const { raiseEmergencyAlert } = await gql('mutation($i: RaiseEmergencyAlertInput!) { raiseEmergencyAlert(input: $i) { id } }', { i: { careRecipientId: recipientId, message: 'Smoke alarm' } }, carer.token);
    await eventually(() => expect(received.emergencyAlerts).toEqual([{ message: 'Smoke alarm', status: 'OPEN', raisedBy: { displayName: 'Cleo' } }]), 10000);
    await gql('mutation($id: ID!) { resolveEmergencyAlert(id: $id) { id } }', { id: raiseEmergencyAlert.id }, owner.token);
    await schedule(recipientId, owner.token);

    await eventually(() => {
      expect(received.emergencyAlerts.map((alert) => alert.status)).toEqual(['OPEN', 'RESOLVED']);
      expect(received.appointmentChanged).toContainEqual({ title: 'Check-up', status: 'REQUESTED', careRecipient: { name: 'Mum' } });
      expect(received.notificationReceived).toContainEqual(
        expect.objectContaining({ eventType: 'emergency.alert.created', priority: 'CRITICAL', recipient: { id: owner.id, displayName: 'Olga' } }),
      );
    }, 10000);
    await ws.dispose();
  });

  it('streams medication.due at its minute, then medication.dose_overdue when nobody logged the dose', async () => {
    const { owner, circleId, recipientId } = await circleWithRecipient();
    const activeBefore = await activeSubscriptions(caregraph.gatewayMetricsUrl);
    const ws = createClient({ url: caregraph.gatewayUrl.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${owner.token}` } });
    const received: { type: string; data: Loose; at: number }[] = [];
    ws.subscribe(
      { query: 'subscription($c: ID!) { careCircleEvents(careCircleId: $c, types: ["medication.due", "medication.dose_overdue"]) { type data } }', variables: { c: circleId } },
      {
        next: ({ data, errors }) => {
          if (errors) throw new Error(JSON.stringify(errors));
          const event = (data as Loose).careCircleEvents;
          received.push({ type: event.type, data: event.data, at: Date.now() });
        },
        error: (error) => {
          throw new Error(JSON.stringify(error));
        },
        complete: () => undefined,
      },
    );
    await eventually(async () => expect(await activeSubscriptions(caregraph.gatewayMetricsUrl)).toBe(activeBefore + 1), 10000);

    // The next whole minute at least 10 s away, as a UTC schedule time (the recipient's zone is UTC).
    const dueAt = new Date(Math.ceil((Date.now() + 10_000) / 60_000) * 60_000);
    const time = dueAt.toISOString().slice(11, 16);
    const { addMedication } = await gql('mutation($i: AddMedicationInput!) { addMedication(input: $i) { id } }', {
      i: { careRecipientId: recipientId, name: 'Aspirin', dosage: '75 mg', scheduleTimes: [time], supplyRemaining: 30, refillThreshold: 5 },
    }, owner.token);

    await eventually(() => expect(received.map((event) => event.type)).toEqual(['medication.due', 'medication.dose_overdue']), 90000);
    const [due, overdue] = received;
    expect(due.data).toMatchObject({ medicationId: addMedication.id, dueAt: dueAt.toISOString(), name: 'Aspirin', dosage: '75 mg' });
    expect(Math.abs(due.at - dueAt.getTime())).toBeLessThanOrEqual(5000);
    expect(overdue.data).toMatchObject({ medicationId: addMedication.id, dueAt: dueAt.toISOString() });
    expect(overdue.at).toBeGreaterThanOrEqual(dueAt.getTime() + 3000);
    await ws.dispose();
  }, 120000);

  it('confirms once and notifies once when payment.succeeded arrives twice', async () => {
    const { owner, id } = await paidAppointment();
    const duplicatesBefore = duplicates(await saga.metrics());

    // The broker delivers the same CloudEvent again (same id), as after a lost ack.
    await redeliver([await recorded('billing', 'payment.succeeded', id)]);

    await eventually(async () => expect(duplicates(await saga.metrics())).toBe(duplicatesBefore + 1), 20000);
    expect(await outboxCount('care', 'appointment.confirmed', id)).toBe(1);
    await eventually(async () => {
      const { myNotifications } = await gql('{ myNotifications { edges { node { eventType } } } }', {}, owner.token);
      expect(myNotifications.edges.filter((e: Loose) => e.node.eventType === 'appointment.confirmed')).toHaveLength(1);
    }, 20000);
  });

  it('refunds a cancelled paid appointment exactly once, with the saga killed while the cancellation waits and every message delivered twice', async () => {
    const { owner, id } = await paidAppointment();

    // The saga dies; the member cancels while it is down; it comes back and finds the cancellation queued.
    await saga.stop('SIGKILL');
    await gql('mutation($id: ID!) { cancelAppointment(id: $id, reason: "Feeling better") { status } }', { id }, owner.token);
    saga = await startRelayProcess(sagaEnv(60000));
    await eventually(async () => {
      expect(await appointment(id, owner.token)).toMatchObject({ status: 'CANCELLED', bill: { status: 'REFUNDED' }, booking: { status: 'COMPENSATED', step: 'refunded' } });
    }, 20000);

    // The cancellation and billing's refund arrive again (same ids), as after lost acks: nothing more happens.
    const duplicatesBefore = duplicates(await saga.metrics());
    await redeliver([await recorded('care', 'appointment.cancelled', id), await recorded('billing', 'bill.refunded', id)]);
    await eventually(async () => expect(duplicates(await saga.metrics())).toBe(duplicatesBefore + 2), 20000);

    expect(await outboxCount('sagas', 'billing.refund_bill', id)).toBe(1);
    expect(await outboxCount('billing', 'bill.refunded', id)).toBe(1);
    expect(await appointment(id, owner.token)).toMatchObject({ bill: { status: 'REFUNDED' }, booking: { status: 'COMPENSATED' } });
  });

  it('compensates once when the payment deadline passes, also across a saga restart', async () => {
    await saga.stop();
    saga = await startRelayProcess(sagaEnv(2000));
    const { owner, recipientId } = await circleWithRecipient();
    const id = await schedule(recipientId, owner.token);
    await eventually(async () => expect(await appointment(id, owner.token)).toMatchObject({ status: 'REQUESTED', booking: { status: 'RUNNING', step: 'awaiting_payment' } }), 20000);

    await saga.stop('SIGKILL');
    saga = await startRelayProcess(sagaEnv(2000));

    await eventually(async () => {
      expect(await appointment(id, owner.token)).toMatchObject({
        status: 'CANCELLED',
        cancellationReason: 'payment deadline passed',
        bill: { status: 'VOID' },
        booking: { status: 'COMPENSATED', step: 'compensated' },
      });
    }, 20000);
    expect(await outboxCount('care', 'appointment.cancelled', id)).toBe(1);
    expect(await outboxCount('billing', 'bill.voided', id)).toBe(1);
    const { booking } = await appointment(id, owner.token);
    expect(booking.history.filter((step: Loose) => step.name === 'compensation' || /compensat/.test(step.name))).not.toHaveLength(0);
    expect(new Date(booking.deadline).getTime()).toBeLessThan(Date.now());
  });
});

function duplicates(metrics: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith('caregraph_consumer_duplicates_total{consumer="booking-saga"}'));
  return line ? Number(line.split(' ').pop()) : 0;
}

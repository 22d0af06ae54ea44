import { createCloudEvent, type CloudEvent, type ConsumerDefinition } from '@caregraph/shared';
import { eventually } from '@caregraph/testing';
import { silentLogger, startBookingSagaHarness, type BookingSagaHarness, type RequestedAppointment } from './__tests__/bookingSagaHarness';

type Step = { name: string; outcome: string };
const names = (history: Step[]) => history.map((step) => `${step.name}: ${step.outcome}`);

describe('booking saga under duplicates, reordering, deadlines and concurrency', () => {
  let harness: BookingSagaHarness;
  let fastDeadline: ConsumerDefinition;
  const DEADLINE_MS = 2_000;

  beforeAll(async () => {
    harness = await startBookingSagaHarness('bookingrobust');
    fastDeadline = await harness.newConsumer(DEADLINE_MS);
  });
  afterAll(() => harness?.close());

  const billing = (type: string, requested: RequestedAppointment) => harness.outboxEvent('billing', type, requested.appointmentId);
  const deadlineOf = (requested: RequestedAppointment) => harness.outboxEvent('sagas', 'booking.payment_deadline_reached', requested.appointmentId);

  async function awaitingPayment(consumer?: ConsumerDefinition): Promise<RequestedAppointment> {
    const requested = await harness.requestAppointment();
    await harness.deliver(requested.event, consumer);
    await harness.deliver(await billing('bill.created', requested), consumer);
    return requested;
  }

  describe('payment deadline', () => {
    it('schedules booking.payment_deadline_reached in the sagas outbox at now + the deadline', async () => {
      const before = Date.now();
      const requested = await harness.requestAppointment();
      await harness.deliver(requested.event, fastDeadline);
      const saga = await harness.saga(requested.appointmentId);
      const { rows } = await harness.db.query(
        `select status, available_at, aggregate_type, aggregate_id, payload from sagas.outbox where event_type = 'booking.payment_deadline_reached' and aggregate_id = $1`,
        [saga.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 'PENDING', aggregate_type: 'BookingSagaDeadline', payload: { source: '/caregraph/sagas', data: { sagaId: saga.id, appointmentId: requested.appointmentId }, causationid: requested.event.id } });
      const due = rows[0].available_at.getTime();
      expect(due).toBeGreaterThanOrEqual(before + DEADLINE_MS);
      expect(due).toBeLessThanOrEqual(Date.now() + DEADLINE_MS);
      expect(saga.deadline.getTime()).toBe(due);
    });

    it('compensates once when the deadline is reached while waiting, however often it is delivered', async () => {
      const requested = await awaitingPayment(fastDeadline);
      const deadline = await deadlineOf(requested);
      expect(await harness.deliver(deadline)).toBe('handled');
      const compensated = await harness.saga(requested.appointmentId);
      expect(compensated).toMatchObject({ status: 'COMPENSATED', step: 'compensated' });
      expect(await harness.appointment(requested.appointmentId)).toMatchObject({ status: 'CANCELLED', cancellation_reason: 'payment deadline passed' });
      expect(await harness.bill(requested.appointmentId)).toMatchObject({ status: 'VOID', void_reason: 'payment deadline passed' });

      expect(await harness.deliver(deadline)).toBe('duplicate');
      await harness.handle(deadline);
      await harness.handle({ ...deadline, id: 'another-copy' });
      expect(await harness.saga(requested.appointmentId)).toMatchObject({ status: 'COMPENSATED', version: compensated.version });
      expect(await harness.outboxCount('care', 'appointment.cancelled', requested.appointmentId)).toBe(1);
      expect(await harness.outboxCount('billing', 'bill.voided', requested.appointmentId)).toBe(1);
      expect(await harness.outboxCount('sagas', 'booking.compensated', requested.appointmentId)).toBe(1);
    });

    it('does nothing when the deadline or a payment.failed arrives after completion', async () => {
      const requested = await awaitingPayment();
      await harness.payBill(requested, 'pm_card_ok');
      await harness.deliver(await billing('payment.succeeded', requested));
      const completed = await harness.saga(requested.appointmentId);

      await harness.deliver(await deadlineOf(requested));
      const failed = createCloudEvent({ type: 'payment.failed', source: '/caregraph/billing', data: { billId: completed.bill_id, appointmentId: requested.appointmentId, reason: 'card_declined' } });
      await harness.deliver(failed);
      expect(await harness.saga(requested.appointmentId)).toMatchObject({ status: 'COMPLETED', version: completed.version, history: completed.history });
      expect(await harness.appointment(requested.appointmentId)).toMatchObject({ status: 'CONFIRMED' });
      expect(await harness.bill(requested.appointmentId)).toMatchObject({ status: 'PAID' });
    });

    it('keeps waiting when the bill was paid before the deadline could void it, then completes', async () => {
      const requested = await awaitingPayment();
      await harness.payBill(requested, 'pm_card_ok');
      await harness.deliver(await deadlineOf(requested));
      expect(await harness.saga(requested.appointmentId)).toMatchObject({ status: 'RUNNING', step: 'awaiting_payment' });
      expect(await harness.appointment(requested.appointmentId)).toMatchObject({ status: 'REQUESTED' });

      await harness.deliver(await billing('payment.succeeded', requested));
      const saga = await harness.saga(requested.appointmentId);
      expect(saga).toMatchObject({ status: 'COMPLETED', step: 'confirmed' });
      expect(names(saga.history)).toEqual(expect.arrayContaining(['payment.deadline: reached', 'compensation: skipped: the bill was paid meanwhile', 'payment: succeeded']));
    });
  });

  it('confirms once when payment.succeeded is delivered twice or redelivered past the inbox', async () => {
    const requested = await awaitingPayment();
    await harness.payBill(requested, 'pm_card_ok');
    const succeeded = await billing('payment.succeeded', requested);
    expect(await harness.deliver(succeeded)).toBe('handled');
    expect(await harness.deliver(succeeded)).toBe('duplicate');
    await harness.handle({ ...succeeded, id: 'republished-copy' });

    expect(await harness.outboxCount('care', 'appointment.confirmed', requested.appointmentId)).toBe(1);
    expect(await harness.outboxCount('sagas', 'booking.completed', requested.appointmentId)).toBe(1);
    const saga = await harness.saga(requested.appointmentId);
    expect(names(saga.history).filter((step) => step === 'payment: succeeded')).toHaveLength(1);
  });

  it('completes when payment.succeeded overtakes bill.created, and takes the late bill.created calmly', async () => {
    const requested = await harness.requestAppointment();
    await harness.deliver(requested.event);
    await harness.payBill(requested, 'pm_card_ok');
    await harness.deliver(await billing('payment.succeeded', requested));
    const bill = await harness.bill(requested.appointmentId);
    expect(await harness.saga(requested.appointmentId)).toMatchObject({ status: 'COMPLETED', step: 'confirmed', bill_id: bill.id });

    await harness.deliver(await billing('bill.created', requested));
    const saga = await harness.saga(requested.appointmentId);
    expect(saga).toMatchObject({ status: 'COMPLETED', step: 'confirmed', bill_id: bill.id });
    expect(await harness.appointment(requested.appointmentId)).toMatchObject({ status: 'CONFIRMED' });
  });

  it('records a payment.succeeded after compensation without changing the outcome (a refund is needed)', async () => {
    const requested = await awaitingPayment();
    await harness.deliver(await deadlineOf(requested));
    const compensated = await harness.saga(requested.appointmentId);
    const late: CloudEvent = createCloudEvent({ type: 'payment.succeeded', source: '/caregraph/billing', data: { billId: compensated.bill_id, appointmentId: requested.appointmentId } });
    await harness.deliver(late);

    const saga = await harness.saga(requested.appointmentId);
    expect(saga).toMatchObject({ status: 'COMPENSATED', step: 'compensated', version: compensated.version + 1 });
    expect(saga.history.at(-1)).toMatchObject({ name: 'payment', outcome: 'succeeded after the saga was COMPENSATED: no change, a refund is needed' });
    expect(await harness.appointment(requested.appointmentId)).toMatchObject({ status: 'CANCELLED' });
  });

  it('never loses an update when two events of one saga are handled at once: the later writer retries', async () => {
    const requested = await harness.requestAppointment();
    await harness.deliver(requested.event);
    await harness.payBill(requested, 'pm_card_ok');
    const billCreated = await billing('bill.created', requested);
    const succeeded = await billing('payment.succeeded', requested);

    let second: Promise<unknown> | undefined;
    await harness.consumer.em.fork().transactional(async (em) => {
      await harness.consumer.handle(billCreated, em, silentLogger); // saga row updated, not committed
      second = harness.deliver(succeeded).catch((error: unknown) => error);
      // The second handler read the old version and now waits for our row lock.
      await eventually(async () => {
        const { rows } = await harness.db.query(`select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query ilike '%booking_saga%'`);
        return rows.length === 1;
      });
    });
    expect(await second).toMatchObject({ code: 'CONCURRENCY' });
    expect(await harness.saga(requested.appointmentId)).toMatchObject({ status: 'RUNNING', step: 'awaiting_payment', version: 2 });

    expect(await harness.deliver(succeeded)).toBe('handled'); // the runtime's retry
    const saga = await harness.saga(requested.appointmentId);
    expect(saga).toMatchObject({ status: 'COMPLETED', step: 'confirmed', version: 3 });
    expect(names(saga.history)).toEqual(expect.arrayContaining([expect.stringMatching(/^bill.created: received \(bill/), 'payment: succeeded', 'booking: completed']));
    expect(await harness.outboxCount('care', 'appointment.confirmed', requested.appointmentId)).toBe(1);
  });
});

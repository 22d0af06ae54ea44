import { createCloudEvent, PermanentError, type CloudEvent, type ConsumerDefinition } from '@caregraph/shared';
import { eventually } from '@caregraph/testing';
import { silentLogger, startBookingSagaHarness, type BookingSagaHarness, type RequestedAppointment } from '@caregraph/testing/bookingSagaHarness';

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

  it("compensates when a member cancelled before the deadline: care skips the cancellation, the member's reason stays", async () => {
    const requested = await awaitingPayment();
    await harness.cancelByMember(requested, 'we found another doctor');
    expect(await harness.deliver(await deadlineOf(requested))).toBe('handled');

    const saga = await harness.saga(requested.appointmentId);
    expect(saga).toMatchObject({ status: 'COMPENSATED', step: 'compensated' });
    expect(names(saga.history).slice(-3)).toEqual(['bill.void: voided', 'appointment.cancel: already cancelled', 'booking: compensated']);
    expect(await harness.appointment(requested.appointmentId)).toMatchObject({ status: 'CANCELLED', cancellation_reason: 'we found another doctor' });
    expect(await harness.bill(requested.appointmentId)).toMatchObject({ status: 'VOID' });
    expect(await harness.outboxCount('care', 'care.command_skipped', requested.appointmentId)).toBe(1);
    expect(await harness.outboxCount('sagas', 'booking.compensated', requested.appointmentId)).toBe(1);
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

  it('records a payment.succeeded after compensation as a no-op: the bill is VOID, billing collected nothing to refund', async () => {
    const requested = await awaitingPayment();
    await harness.deliver(await deadlineOf(requested));
    const compensated = await harness.saga(requested.appointmentId);
    // Not reachable from billing (payBill refuses a VOID bill): a forged or stray copy.
    const late: CloudEvent = createCloudEvent({ type: 'payment.succeeded', source: '/caregraph/billing', data: { billId: compensated.bill_id, appointmentId: requested.appointmentId } });
    const asked = harness.processor.refundRequests.length;
    await harness.deliver(late);

    const saga = await harness.saga(requested.appointmentId);
    expect(saga).toMatchObject({ status: 'COMPENSATED', step: 'compensated', version: compensated.version + 1 });
    expect(saga.history.at(-1)).toMatchObject({
      name: 'payment',
      outcome: `succeeded after the saga was COMPENSATED: ignored, billing holds no payment to refund (Bill ${compensated.bill_id} is VOID and cannot be refunded.)`,
    });
    expect(await harness.appointment(requested.appointmentId)).toMatchObject({ status: 'CANCELLED' });
    expect(await harness.bill(requested.appointmentId)).toMatchObject({ status: 'VOID' });
    expect(harness.processor.refundRequests.length).toBe(asked);
    expect(await harness.outboxCount('billing', 'payment.refunded', requested.appointmentId)).toBe(0);
    expect(await harness.outboxCount('sagas', 'booking.compensated', requested.appointmentId)).toBe(1);
  });

  describe('refund after a member cancelled the appointment', () => {
    async function paidThenCancelled(): Promise<{ requested: RequestedAppointment; succeeded: CloudEvent }> {
      const requested = await awaitingPayment();
      await harness.payBill(requested, 'pm_card_ok');
      await harness.cancelByMember(requested, 'not needed any more');
      return { requested, succeeded: await billing('payment.succeeded', requested) };
    }
    const refundsOf = async (requested: RequestedAppointment) => ({
      paymentRefunded: await harness.outboxCount('billing', 'payment.refunded', requested.appointmentId),
      billRefunded: await harness.outboxCount('billing', 'bill.refunded', requested.appointmentId),
      compensated: await harness.outboxCount('sagas', 'booking.compensated', requested.appointmentId),
    });
    const once = { paymentRefunded: 1, billRefunded: 1, compensated: 1 };

    it('refunds once when payment.succeeded is delivered twice or redelivered past the inbox', async () => {
      const { requested, succeeded } = await paidThenCancelled();
      expect(await harness.deliver(succeeded)).toBe('handled');
      const refunded = await harness.saga(requested.appointmentId);
      expect(refunded).toMatchObject({ status: 'COMPENSATED', step: 'refunded' });

      expect(await harness.deliver(succeeded)).toBe('duplicate');
      await harness.handle(succeeded);
      await harness.handle({ ...succeeded, id: 'republished-copy' });
      expect(await harness.saga(requested.appointmentId)).toMatchObject({ status: 'COMPENSATED', version: refunded.version, history: refunded.history });
      expect(await refundsOf(requested)).toEqual(once);
      const [payment] = await harness.payments(requested.appointmentId);
      expect(harness.processor.refundRequests.filter((request) => request.idempotencyKey === `refund-${payment.id}`)).toHaveLength(1);
    });

    it('refunds once when the saga dies before its commit, and when billing dies after the processor refunded and before its commit', async () => {
      const { requested, succeeded } = await paidThenCancelled();
      const crashed = harness.consumer.em.fork().transactional(async (em) => {
        await harness.consumer.handle(succeeded, em, silentLogger);
        throw new Error('process died before the saga committed');
      });
      await expect(crashed).rejects.toThrow('process died');
      // Nothing was sent: the command rolled back with the saga.
      expect(await harness.saga(requested.appointmentId)).toMatchObject({ status: 'RUNNING', step: 'awaiting_payment' });
      expect(await harness.db.query(`select 1 from sagas.outbox where exchange = 'commands' and status = 'PENDING'`)).toMatchObject({ rowCount: 0 });

      const refund = harness.processor.refund.bind(harness.processor);
      jest.spyOn(harness.processor, 'refund').mockImplementationOnce(async (request) => {
        await refund(request);
        throw new Error('billing died after the processor refunded, before its commit');
      });
      await expect(harness.deliver(succeeded)).rejects.toThrow('billing died'); // the saga's redelivery
      expect(await harness.bill(requested.appointmentId)).toMatchObject({ status: 'PAID' });
      expect(await harness.saga(requested.appointmentId)).toMatchObject({ status: 'COMPENSATING', step: 'refunding' });

      await harness.settle(); // the runtime's retry of billing's command
      expect(await harness.saga(requested.appointmentId)).toMatchObject({ status: 'COMPENSATED', step: 'refunded' });
      expect(await refundsOf(requested)).toEqual(once);
      const [payment] = await harness.payments(requested.appointmentId);
      expect(payment).toMatchObject({ status: 'REFUNDED', refund_reference: `sandbox_re_refund-${payment.id}` });
      // Asked twice with one key: one refund.
      expect(harness.processor.refundRequests.filter((request) => request.idempotencyKey === `refund-${payment.id}`)).toHaveLength(2);
      expect([...harness.processor.refundsMade].filter((reference) => reference === `sandbox_re_refund-${payment.id}`)).toHaveLength(1);
    });

    it('waits COMPENSATING and retries the refund command when the processor declines it', async () => {
      const { requested, succeeded } = await paidThenCancelled();
      const bill = await harness.bill(requested.appointmentId);
      const [payment] = await harness.payments(requested.appointmentId);
      await harness.db.query(`update billing.payment set processor_reference = 'ch_unknown_to_the_sandbox' where id = $1`, [payment.id]);

      const error = await harness.deliver(succeeded).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'RefundDeclinedError', reason: 'unknown_charge' });
      expect(error).not.toBeInstanceOf(PermanentError);
      expect(await harness.saga(requested.appointmentId)).toMatchObject({ status: 'COMPENSATING', step: 'refunding' });
      expect(await harness.bill(requested.appointmentId)).toMatchObject({ status: 'PAID', version: bill.version });

      await harness.db.query('update billing.payment set processor_reference = $2 where id = $1', [payment.id, payment.processor_reference]);
      await harness.settle(); // the runtime's retry: billing's inbox row rolled back too
      expect(await harness.saga(requested.appointmentId)).toMatchObject({ status: 'COMPENSATED', step: 'refunded' });
      expect(await refundsOf(requested)).toEqual(once);
    });

    it('fails on a stray payment.succeeded for an unpaid bill, then refunds the genuine payment that follows', async () => {
      const requested = await awaitingPayment();
      await harness.cancelByMember(requested, 'changed our minds');
      const bill = await harness.bill(requested.appointmentId);
      const stray = createCloudEvent({ type: 'payment.succeeded', source: '/caregraph/billing', data: { billId: bill.id, appointmentId: requested.appointmentId } });
      await harness.deliver(stray);
      const failed = await harness.saga(requested.appointmentId);
      expect(failed).toMatchObject({ status: 'FAILED', step: 'confirmation_failed' });
      expect(failed.history.at(-1)).toMatchObject({ name: 'refund', outcome: `not possible: Bill ${bill.id} is PENDING and cannot be refunded.` });
      expect(await harness.outboxCount('sagas', 'booking.failed', requested.appointmentId)).toBe(1);
      expect(await harness.bill(requested.appointmentId)).toMatchObject({ status: 'PENDING' });

      await harness.payBill(requested, 'pm_card_ok'); // the bill was still payable
      await harness.deliver(await billing('payment.succeeded', requested));
      const saga = await harness.saga(requested.appointmentId);
      expect(saga).toMatchObject({ status: 'COMPENSATED', step: 'refunded' });
      expect(names(saga.history).slice(-3)).toEqual(['payment: succeeded after the saga was FAILED', 'refund: refunded 45.00 USD', 'booking: compensated']);
      expect(await harness.bill(requested.appointmentId)).toMatchObject({ status: 'REFUNDED' });
      expect(await refundsOf(requested)).toEqual(once);
    });
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
    expect(saga).toMatchObject({ status: 'COMPLETED', step: 'confirmed', version: 4 });
    expect(names(saga.history)).toEqual(expect.arrayContaining([expect.stringMatching(/^bill.created: received \(bill/), 'payment: succeeded', 'booking: completed']));
    expect(await harness.outboxCount('care', 'appointment.confirmed', requested.appointmentId)).toBe(1);
  });
});

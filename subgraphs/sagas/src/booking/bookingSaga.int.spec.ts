import { createCloudEvent } from '@caregraph/shared';
import { startBookingSagaHarness, type BookingSagaHarness } from '@caregraph/testing/bookingSagaHarness';

const BOOKING = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Appointment { id booking { status step deadline history { name outcome at } } }
  }
}`;

describe('booking saga', () => {
  let harness: BookingSagaHarness;

  beforeAll(async () => {
    harness = await startBookingSagaHarness('bookingsaga');
  });
  afterAll(() => harness?.close());

  it('declares its queue, bindings and inbox for the consumer runtime', () => {
    expect(harness.consumer).toMatchObject({
      queue: 'sagas.booking',
      bindings: [
        'appointment.requested',
        'bill.created',
        'payment.succeeded',
        'payment.failed',
        'booking.payment_deadline_reached',
        // The replies to its commands (ADR 0010).
        'bill.voided',
        'appointment.cancelled',
        'appointment.confirmed',
        'bill.refunded',
        'billing.command_rejected',
        'care.command_rejected',
        'billing.command_skipped',
        'care.command_skipped',
      ],
      inboxSchema: 'sagas',
    });
  });

  it('compensates at the last declined card it allows: bill VOID, appointment CANCELLED with the reason, saga COMPENSATED', async () => {
    const requested = await harness.requestAppointment(4500);
    await harness.deliver(requested.event);
    expect(await harness.bill(requested.appointmentId)).toMatchObject({ status: 'PENDING', amount_cents: 4500, care_circle_id: requested.careCircleId });
    expect(await harness.saga(requested.appointmentId)).toMatchObject({ status: 'RUNNING', step: 'creating_bill', version: 1 });

    await harness.deliver(await harness.outboxEvent('billing', 'bill.created', requested.appointmentId));
    const bill = await harness.bill(requested.appointmentId);
    expect(await harness.saga(requested.appointmentId)).toMatchObject({ step: 'awaiting_payment', bill_id: bill.id });

    await harness.payBill(requested, 'pm_card_declined');
    // A restarted process (fresh ORMs and consumer, nothing in memory, resumes from the table)
    // that allows one decline.
    const restarted = await harness.newConsumer(undefined, 1);
    await harness.deliver(await harness.outboxEvent('billing', 'payment.failed', requested.appointmentId), restarted);

    expect(await harness.appointment(requested.appointmentId)).toMatchObject({ status: 'CANCELLED', cancellation_reason: 'payment failed: card_declined' });
    expect(await harness.bill(requested.appointmentId)).toMatchObject({ status: 'VOID', void_reason: 'payment failed: card_declined' });
    const saga = await harness.saga(requested.appointmentId);
    // payment.failed (void asked), bill.voided (cancel asked), appointment.cancelled: one commit each.
    expect(saga).toMatchObject({ status: 'COMPENSATED', step: 'compensated', version: 5 });
    expect(saga.history.map((step: { name: string; outcome: string }) => [step.name, step.outcome])).toEqual([
      ['appointment.requested', 'received'],
      ['bill.create', `requested (bill ${bill.id})`],
      ['payment.deadline', expect.stringMatching(/^scheduled for /)],
      ['bill.created', `received (bill ${bill.id})`],
      ['payment', 'failed: card_declined'],
      ['compensation', 'started: payment failed: card_declined'],
      ['bill.void', 'voided'],
      ['appointment.cancel', 'cancelled: payment failed: card_declined'],
      ['booking', 'compensated'],
    ]);
    const compensated = await harness.outboxEvent('sagas', 'booking.compensated', requested.appointmentId);
    expect(compensated).toMatchObject({ source: '/caregraph/sagas', subject: saga.id, data: { sagaId: saga.id, appointmentId: requested.appointmentId, billId: bill.id, status: 'COMPENSATED', reason: 'payment failed: card_declined' } });
    expect(await harness.outboxCount('care', 'appointment.cancelled', requested.appointmentId)).toBe(1);
  });

  it('keeps the booking open after a declined card, so another card confirms it before the deadline', async () => {
    const requested = await harness.requestAppointment(3000);
    await harness.deliver(requested.event);
    await harness.deliver(await harness.outboxEvent('billing', 'bill.created', requested.appointmentId));

    await harness.payBill(requested, 'pm_card_declined');
    await harness.deliver(await harness.outboxEvent('billing', 'payment.failed', requested.appointmentId));
    // Still open: nothing voided or cancelled, the bill payable again, the decline in the history.
    expect(await harness.saga(requested.appointmentId)).toMatchObject({ status: 'RUNNING', step: 'awaiting_payment' });
    expect(await harness.appointment(requested.appointmentId)).toMatchObject({ status: 'REQUESTED' });
    expect(await harness.bill(requested.appointmentId)).toMatchObject({ status: 'FAILED' });
    expect(await harness.outboxCount('sagas', 'booking.compensated', requested.appointmentId)).toBe(0);

    await harness.payBill(requested, 'pm_card_ok');
    await harness.deliver(await harness.outboxEvent('billing', 'payment.succeeded', requested.appointmentId));
    expect(await harness.appointment(requested.appointmentId)).toMatchObject({ status: 'CONFIRMED' });
    const saga = await harness.saga(requested.appointmentId);
    expect(saga).toMatchObject({ status: 'COMPLETED', step: 'confirmed' });
    expect(saga.history.map((step: { name: string; outcome: string }) => `${step.name}: ${step.outcome}`)).toContain('payment: declined: card_declined (1 of 3; payable until the deadline)');
  });

  it('confirms a paid appointment and completes the saga', async () => {
    const requested = await harness.requestAppointment();
    await harness.deliver(requested.event);
    await harness.deliver(await harness.outboxEvent('billing', 'bill.created', requested.appointmentId));
    await harness.payBill(requested, 'pm_card_ok');
    await harness.deliver(await harness.outboxEvent('billing', 'payment.succeeded', requested.appointmentId));

    expect(await harness.appointment(requested.appointmentId)).toMatchObject({ status: 'CONFIRMED' });
    expect(await harness.bill(requested.appointmentId)).toMatchObject({ status: 'PAID' });
    const saga = await harness.saga(requested.appointmentId);
    expect(saga).toMatchObject({ status: 'COMPLETED', step: 'confirmed', version: 4 });
    expect(saga.history.slice(-3).map((step: { name: string; outcome: string }) => [step.name, step.outcome])).toEqual([
      ['payment', 'succeeded'],
      ['appointment.confirm', 'confirmed'],
      ['booking', 'completed'],
    ]);
    expect(await harness.outboxCount('sagas', 'booking.completed', requested.appointmentId)).toBe(1);
    const confirmed = await harness.outboxEvent('care', 'appointment.confirmed', requested.appointmentId);
    expect(confirmed.causationid).toBe((await harness.outboxEvent('billing', 'payment.succeeded', requested.appointmentId)).id);
  });

  it('refunds a confirmed, paid appointment a member cancels before it starts, once: bill and payment REFUNDED, saga COMPENSATED', async () => {
    const requested = await harness.requestAppointment(2500);
    await harness.deliver(requested.event);
    await harness.deliver(await harness.outboxEvent('billing', 'bill.created', requested.appointmentId));
    await harness.payBill(requested, 'pm_card_ok');
    await harness.deliver(await harness.outboxEvent('billing', 'payment.succeeded', requested.appointmentId));
    expect(await harness.saga(requested.appointmentId)).toMatchObject({ status: 'COMPLETED', step: 'confirmed' });

    // What care records for the member's cancelAppointment (the row, then its event).
    await harness.cancelByMember(requested, 'We moved house');
    const { starts_at: startsAt } = await harness.appointment(requested.appointmentId);
    const cancelled = createCloudEvent({
      type: 'appointment.cancelled',
      source: '/caregraph/care',
      subject: requested.appointmentId,
      careCircleId: requested.careCircleId,
      causedBy: requested.owner.id,
      data: { appointmentId: requested.appointmentId, careCircleId: requested.careCircleId, startsAt: new Date(startsAt).toISOString(), status: 'CANCELLED', previousStatus: 'CONFIRMED', reason: 'We moved house' },
    });
    expect(await harness.deliver(cancelled)).toBe('handled');
    expect(await harness.deliver(cancelled)).toBe('duplicate');

    const reason = 'the appointment was cancelled before it started';
    expect(await harness.bill(requested.appointmentId)).toMatchObject({ status: 'REFUNDED', refund_reason: reason });
    const [payment] = await harness.payments(requested.appointmentId);
    expect(payment).toMatchObject({ status: 'REFUNDED' });
    expect(harness.processor.refundRequests.filter((request) => request.reference === payment.processor_reference)).toHaveLength(1);
    expect(await harness.saga(requested.appointmentId)).toMatchObject({ status: 'COMPENSATED', step: 'refunded' });
    for (const type of ['payment.refunded', 'bill.refunded']) expect(await harness.outboxCount('billing', type, requested.appointmentId)).toBe(1);
    const compensated = await harness.outboxEvent('sagas', 'booking.compensated', requested.appointmentId);
    expect(compensated.data).toMatchObject({ reason, refund: { amountCents: 2500, currency: 'USD' } });
  });

  it('refunds the payment when a member cancelled the appointment before payment.succeeded: bill and payment REFUNDED, saga COMPENSATED', async () => {
    const requested = await harness.requestAppointment(4500);
    await harness.deliver(requested.event);
    await harness.deliver(await harness.outboxEvent('billing', 'bill.created', requested.appointmentId));
    await harness.payBill(requested, 'pm_card_ok');
    await harness.cancelByMember(requested, 'Grandma is in hospital');
    const succeeded = await harness.outboxEvent('billing', 'payment.succeeded', requested.appointmentId);
    expect(await harness.deliver(succeeded)).toBe('handled');

    const reason = 'the appointment could no longer be confirmed';
    const bill = await harness.bill(requested.appointmentId);
    expect(bill).toMatchObject({ status: 'REFUNDED', refund_reason: reason });
    const [payment] = await harness.payments(requested.appointmentId);
    expect(payment).toMatchObject({ status: 'REFUNDED', refunded_at: expect.any(Date), refund_reference: `sandbox_re_refund-${payment.id}` });
    expect(harness.processor.refundRequests.filter((request) => request.reference === payment.processor_reference)).toEqual([
      { reference: payment.processor_reference, amountCents: 4500, currency: 'USD', idempotencyKey: `refund-${payment.id}` },
    ]);
    expect(await harness.appointment(requested.appointmentId)).toMatchObject({ status: 'CANCELLED', cancellation_reason: 'Grandma is in hospital' });

    const saga = await harness.saga(requested.appointmentId);
    expect(saga).toMatchObject({ status: 'COMPENSATED', step: 'refunded', bill_id: bill.id, version: 5 });
    expect(saga.history.slice(-5).map((step: { name: string; outcome: string }) => [step.name, step.outcome])).toEqual([
      ['payment', 'succeeded'],
      ['appointment.confirm', `failed: Appointment ${requested.appointmentId} is CANCELLED and cannot be confirmed.`],
      ['compensation', `started: ${reason}`],
      ['refund', 'refunded 45.00 USD'],
      ['booking', 'compensated'],
    ]);

    const compensated = await harness.outboxEvent('sagas', 'booking.compensated', requested.appointmentId);
    expect(compensated).toMatchObject({
      source: '/caregraph/sagas',
      causationid: succeeded.id,
      data: { sagaId: saga.id, billId: bill.id, status: 'COMPENSATED', step: 'refunded', reason, refund: { amountCents: 4500, currency: 'USD' } },
    });
    const data = { billId: bill.id, appointmentId: requested.appointmentId, paymentId: payment.id, amountCents: 4500, currency: 'USD', reason };
    for (const type of ['payment.refunded', 'bill.refunded']) {
      const event = await harness.outboxEvent('billing', type, requested.appointmentId);
      expect(event).toMatchObject({ source: '/caregraph/billing', carecircleid: requested.careCircleId, causationid: succeeded.id, data: { ...data, status: 'REFUNDED' } });
      expect(await harness.outboxCount('billing', type, requested.appointmentId)).toBe(1);
    }
    expect(await harness.outboxCount('care', 'appointment.confirmed', requested.appointmentId)).toBe(0);
    expect(await harness.outboxCount('sagas', 'booking.failed', requested.appointmentId)).toBe(0);
  });

  it('shows status, step, deadline and history as Appointment.booking after a flow', async () => {
    const requested = await harness.requestAppointment();
    await harness.deliver(requested.event);
    await harness.deliver(await harness.outboxEvent('billing', 'bill.created', requested.appointmentId));
    await harness.payBill(requested, 'pm_card_ok');
    await harness.deliver(await harness.outboxEvent('billing', 'payment.succeeded', requested.appointmentId));

    const result = await harness.sagasGql(BOOKING, { representations: [{ __typename: 'Appointment', id: requested.appointmentId }] }, requested.owner.token);
    expect(result.errors).toBeUndefined();
    const booking = result.data?._entities[0].booking;
    const saga = await harness.saga(requested.appointmentId);
    expect(booking).toMatchObject({ status: 'COMPLETED', step: 'confirmed', deadline: saga.deadline.toISOString() });
    expect(booking.history).toHaveLength(saga.history.length);
    expect(booking.history.at(-1)).toEqual({ name: 'booking', outcome: 'completed', at: expect.any(String) });
  });

  it('starts one saga and one bill for a repeated appointment.requested', async () => {
    const requested = await harness.requestAppointment();
    await harness.deliver(requested.event);
    await harness.handle({ ...requested.event, id: 'a-redelivered-copy' });
    expect(await harness.saga(requested.appointmentId)).toMatchObject({ version: 1 });
    expect(await harness.outboxCount('billing', 'bill.created', requested.appointmentId)).toBe(1);
    expect(await harness.outboxCount('sagas', 'booking.payment_deadline_reached', requested.appointmentId)).toBe(1);
  });

  it('dead-letters an event whose payload it cannot use, and retries one that overtook its saga', async () => {
    const requested = await harness.requestAppointment();
    const rejection = (work: Promise<unknown>) => work.then(() => 'handled', (error: Error & { code?: string }) => error.code ?? error.name);
    expect(await rejection(harness.handle({ ...requested.event, data: { appointmentId: requested.appointmentId } }))).toBe('PermanentError');
    const early = { ...requested.event, type: 'bill.created', data: { billId: requested.appointmentId, appointmentId: requested.appointmentId } };
    expect(await rejection(harness.handle(early))).toBe('CONCURRENCY');
    expect(await rejection(harness.handle({ ...early, data: { billId: requested.appointmentId, appointmentId: null } }))).toBe('handled');
  });
});

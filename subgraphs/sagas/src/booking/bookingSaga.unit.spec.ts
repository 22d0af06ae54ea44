import { createCloudEvent, PermanentError, type CloudEvent } from '@caregraph/shared';
import type { BookingMessage } from './BookingMessage';
import type { BookingState } from './BookingState';
import { BookingStep } from './BookingStep';
import { decide } from './decide';
import { evolve } from './evolve';
import { nameUuid } from './nameUuid';
import { SagaStatus } from './SagaStatus';

const settings = { paymentDeadlineMs: 60_000, maxDeclines: 1 };
const T0 = new Date('2026-12-01T10:00:00.000Z');
const appointmentId = '6f1c0b7e-3c1a-4d8e-9a55-0c6f3b9a1d01';
const careCircleId = '0b9f6a52-8d3e-4c2f-b1a7-5e2d4c6f8a90';
const billId = nameUuid(`bill/${appointmentId}`);
const sagaId = nameUuid(`booking-saga/${appointmentId}`);

const event = (type: string, data: Record<string, unknown>): CloudEvent => createCloudEvent({ type, source: '/test', data: { appointmentId, ...data }, time: T0 });
const rejected = (owner: string, commandType: string, code: string, message: string) =>
  event(`${owner}.command_rejected`, { commandId: 'c1', commandType, code, message });

function saga(step: string, status = SagaStatus.RUNNING, extra: Partial<BookingState> = {}): BookingState {
  return { id: sagaId, appointmentId, careCircleId, status, step, deadline: new Date(T0.getTime() + 60_000), billId, history: [], ...extra };
}

/** given a state, when an event: then the state (evolve) and what is sent (decide). */
function when(state: BookingState | null, input: CloudEvent): { state: BookingState | null; sent: BookingMessage[] } {
  return { state: evolve(state, input, settings), sent: decide(input, state, settings) };
}
const steps = (state: BookingState | null) => state?.history.map((step) => `${step.name}: ${step.outcome}`);

describe('booking saga decide/evolve', () => {
  describe('given no saga', () => {
    it('starts on appointment.requested: commands the bill and schedules the deadline at the request time + the deadline', () => {
      const then = when(null, event('appointment.requested', { careCircleId, feeCents: 4500, currency: 'USD' }));
      const deadline = new Date(T0.getTime() + 60_000);
      expect(then.state).toMatchObject({ id: sagaId, status: SagaStatus.RUNNING, step: BookingStep.creatingBill, deadline });
      expect(then.state?.billId).toBeUndefined(); // known once bill.created says so
      expect(steps(then.state)).toEqual(['appointment.requested: received', `bill.create: requested (bill ${billId})`, `payment.deadline: scheduled for ${deadline.toISOString()}`]);
      expect(then.sent).toEqual([
        { kind: 'command', type: 'billing.create_bill', data: { billId, appointmentId, careCircleId, amountCents: 4500, currency: 'USD' } },
        { kind: 'deadline', at: deadline, data: { sagaId, appointmentId } },
      ]);
    });

    it('refuses a request without a fee, and retries a billing event that overtook the saga', () => {
      expect(() => when(null, event('appointment.requested', { careCircleId }))).toThrow(PermanentError);
      expect(() => when(null, event('bill.created', { billId }))).toThrow(expect.objectContaining({ code: 'CONCURRENCY' }));
      expect(when(null, event('bill.created', { billId, appointmentId: null }))).toEqual({ state: null, sent: [] });
    });
  });

  it('given a saga, a second appointment.requested changes nothing', () => {
    const state = saga(BookingStep.awaitingPayment);
    expect(when(state, event('appointment.requested', { careCircleId, feeCents: 4500 }))).toEqual({ state, sent: [] });
  });

  it('given creating_bill, bill.created moves to awaiting_payment; a repeat changes nothing', () => {
    const then = when(saga(BookingStep.creatingBill, SagaStatus.RUNNING, { billId: undefined }), event('bill.created', { billId }));
    expect(then).toMatchObject({ state: { step: BookingStep.awaitingPayment, billId }, sent: [] });
    expect(when(then.state, event('bill.created', { billId }))).toEqual({ state: then.state, sent: [] });
  });

  describe('payment', () => {
    it('given awaiting_payment, payment.succeeded asks care to confirm', () => {
      const then = when(saga(BookingStep.awaitingPayment), event('payment.succeeded', { billId }));
      expect(then.state).toMatchObject({ status: SagaStatus.RUNNING, step: BookingStep.confirming });
      expect(steps(then.state)).toEqual(['payment: succeeded']);
      expect(then.sent).toEqual([{ kind: 'command', type: 'care.confirm_appointment', data: { appointmentId } }]);
    });

    it('given confirming, appointment.confirmed completes the saga', () => {
      const then = when(saga(BookingStep.confirming), event('appointment.confirmed', {}));
      expect(then.state).toMatchObject({ status: SagaStatus.COMPLETED, step: BookingStep.confirmed });
      expect(steps(then.state)).toEqual(['appointment.confirm: confirmed', 'booking: completed']);
      expect(then.sent).toEqual([{ kind: 'event', type: 'booking.completed' }]);
    });

    it('given confirming, another payment.succeeded waits for the reply (retried), and a deadline is moot', () => {
      const state = saga(BookingStep.confirming);
      expect(() => when(state, event('payment.succeeded', { billId }))).toThrow(expect.objectContaining({ code: 'CONCURRENCY' }));
      expect(when(state, event('booking.payment_deadline_reached', { sagaId }))).toEqual({ state, sent: [] });
    });

    it('given COMPLETED, payment.succeeded, payment.failed and the deadline change nothing', () => {
      const state = saga(BookingStep.confirmed, SagaStatus.COMPLETED);
      for (const input of [event('payment.succeeded', { billId }), event('payment.failed', { billId, reason: 'card_declined' }), event('booking.payment_deadline_reached', { sagaId })]) {
        expect(when(state, input)).toEqual({ state, sent: [] });
      }
    });
  });

  describe('refund', () => {
    const message = `Appointment ${appointmentId} is CANCELLED and cannot be confirmed.`;

    it('given confirming, care refusing the confirmation asks billing to refund', () => {
      const then = when(saga(BookingStep.confirming), rejected('care', 'care.confirm_appointment', 'ILLEGAL_STATE', message));
      expect(then.state).toMatchObject({ status: SagaStatus.COMPENSATING, step: BookingStep.refunding, reason: message });
      expect(steps(then.state)).toEqual([`appointment.confirm: failed: ${message}`, 'compensation: started: the appointment could no longer be confirmed']);
      expect(then.sent).toEqual([{ kind: 'command', type: 'billing.refund_bill', data: { appointmentId, reason: 'the appointment could no longer be confirmed' } }]);
    });

    it('given refunding, bill.refunded compensates with the refund', () => {
      const then = when(saga(BookingStep.refunding, SagaStatus.COMPENSATING), event('bill.refunded', { billId, amountCents: 4500, currency: 'USD' }));
      expect(then.state).toMatchObject({ status: SagaStatus.COMPENSATED, step: BookingStep.refunded });
      expect(steps(then.state)).toEqual(['refund: refunded 45.00 USD', 'booking: compensated']);
      expect(then.sent).toEqual([{ kind: 'event', type: 'booking.compensated', data: { reason: 'the appointment could no longer be confirmed', refund: { amountCents: 4500, currency: 'USD' } } }]);
    });

    it('given refunding, billing refusing the refund fails the saga', () => {
      const state = saga(BookingStep.refunding, SagaStatus.COMPENSATING, { reason: message });
      const then = when(state, rejected('billing', 'billing.refund_bill', 'ILLEGAL_STATE', `Bill ${billId} is PENDING and cannot be refunded.`));
      expect(then.state).toMatchObject({ status: SagaStatus.FAILED, step: BookingStep.confirmationFailed });
      expect(then.sent).toEqual([{ kind: 'event', type: 'booking.failed', data: { reason: `${message} Bill ${billId} is PENDING and cannot be refunded.` } }]);
    });

    it('given COMPENSATED by a void, payment.succeeded asks for a refund without a change; the refusal is recorded', () => {
      const state = saga(BookingStep.compensated, SagaStatus.COMPENSATED);
      expect(when(state, event('payment.succeeded', { billId }))).toEqual({
        state,
        sent: [{ kind: 'command', type: 'billing.refund_bill', data: { appointmentId, reason: 'the appointment could no longer be confirmed' } }],
      });
      const then = when(state, rejected('billing', 'billing.refund_bill', 'ILLEGAL_STATE', `Bill ${billId} is VOID and cannot be refunded.`));
      expect(then.state).toMatchObject({ status: SagaStatus.COMPENSATED, step: BookingStep.compensated });
      expect(steps(then.state)).toEqual([`payment: succeeded after the saga was COMPENSATED: ignored, billing holds no payment to refund (Bill ${billId} is VOID and cannot be refunded.)`]);
      expect(then.sent).toEqual([]);
    });

    it('given FAILED, bill.refunded compensates and says the payment came after the end', () => {
      const then = when(saga(BookingStep.confirmationFailed, SagaStatus.FAILED), event('bill.refunded', { billId, amountCents: 4500, currency: 'USD' }));
      expect(then.state).toMatchObject({ status: SagaStatus.COMPENSATED, step: BookingStep.refunded });
      expect(steps(then.state)).toEqual(['payment: succeeded after the saga was FAILED', 'refund: refunded 45.00 USD', 'booking: compensated']);
    });
  });

  describe('compensation', () => {
    it('given COMPLETED, a member cancelling before the start asks billing to refund; at or after the start, nothing', () => {
      const completed = saga(BookingStep.confirmed, SagaStatus.COMPLETED);
      const future = new Date(T0.getTime() + 3_600_000).toISOString();
      const then = when(completed, event('appointment.cancelled', { startsAt: future, status: 'CANCELLED' }));
      expect(then.state).toMatchObject({ status: SagaStatus.COMPENSATING, step: BookingStep.refunding });
      expect(steps(then.state)).toEqual(['appointment: cancelled by a member before it started', 'compensation: started: the appointment was cancelled before it started']);
      expect(then.sent).toEqual([{ kind: 'command', type: 'billing.refund_bill', data: { appointmentId, reason: 'the appointment was cancelled before it started' } }]);
      for (const startsAt of [T0.toISOString(), new Date(T0.getTime() - 1).toISOString()]) {
        expect(when(completed, event('appointment.cancelled', { startsAt, status: 'CANCELLED' }))).toEqual({ state: completed, sent: [] });
      }
    });

    it('given awaiting_payment and declines left, payment.failed keeps the booking open and counts the decline in its history', () => {
      const allowing = { paymentDeadlineMs: 60_000, maxDeclines: 3 };
      const first = evolve(saga(BookingStep.awaitingPayment), event('payment.failed', { billId, reason: 'card_declined' }), allowing);
      expect(first).toMatchObject({ status: SagaStatus.RUNNING, step: BookingStep.awaitingPayment });
      expect(steps(first)).toEqual(['payment: declined: card_declined (1 of 3; payable until the deadline)']);
      expect(decide(event('payment.failed', { billId, reason: 'card_declined' }), saga(BookingStep.awaitingPayment), allowing)).toEqual([]);
      const second = evolve(first, event('payment.failed', { billId, reason: 'expired_card' }), allowing);
      expect(steps(second)?.at(-1)).toBe('payment: declined: expired_card (2 of 3; payable until the deadline)');
      // The third decline is the last allowed: compensation.
      const third = evolve(second, event('payment.failed', { billId, reason: 'card_declined' }), allowing);
      expect(third).toMatchObject({ status: SagaStatus.COMPENSATING, step: BookingStep.voiding, reason: 'payment failed: card_declined' });
      expect(decide(event('payment.failed', { billId, reason: 'card_declined' }), second, allowing)).toEqual([
        { kind: 'command', type: 'billing.void_bill', data: { appointmentId, reason: 'payment failed: card_declined' } },
      ]);
    });

    it('given awaiting_payment and no decline left, payment.failed asks billing to void the bill first', () => {
      const then = when(saga(BookingStep.awaitingPayment), event('payment.failed', { billId, reason: 'card_declined' }));
      expect(then.state).toMatchObject({ status: SagaStatus.COMPENSATING, step: BookingStep.voiding, reason: 'payment failed: card_declined' });
      expect(steps(then.state)).toEqual(['payment: failed: card_declined', 'compensation: started: payment failed: card_declined']);
      expect(then.sent).toEqual([{ kind: 'command', type: 'billing.void_bill', data: { appointmentId, reason: 'payment failed: card_declined' } }]);
    });

    it('ignores the deadline of another saga', () => {
      const state = saga(BookingStep.awaitingPayment);
      expect(when(state, event('booking.payment_deadline_reached', { sagaId: 'another' }))).toEqual({ state, sent: [] });
    });

    it('given voiding, bill.voided (or no bill to void) asks care to cancel with the reason', () => {
      const state = saga(BookingStep.voiding, SagaStatus.COMPENSATING, { reason: 'payment deadline passed' });
      const cancel = [{ kind: 'command', type: 'care.cancel_appointment', data: { appointmentId, reason: 'payment deadline passed' } }];
      const voided = when(state, event('bill.voided', { billId, reason: 'payment deadline passed' }));
      expect(voided).toMatchObject({ state: { step: BookingStep.cancelling }, sent: cancel });
      const missing = when(state, rejected('billing', 'billing.void_bill', 'NOT_FOUND', 'Bill not found'));
      expect(missing).toMatchObject({ state: { step: BookingStep.cancelling }, sent: cancel });
      expect(steps(missing.state)).toEqual(['bill.void: no bill to void']);
    });

    it('given voiding, a refused void (the bill was paid) resumes waiting for the payment', () => {
      const then = when(saga(BookingStep.voiding, SagaStatus.COMPENSATING, { reason: 'payment deadline passed' }), rejected('billing', 'billing.void_bill', 'ILLEGAL_STATE', 'PAID'));
      expect(then.state).toMatchObject({ status: SagaStatus.RUNNING, step: BookingStep.awaitingPayment, reason: undefined });
      expect(steps(then.state)).toEqual(['compensation: skipped: the bill was paid meanwhile']);
      expect(then.sent).toEqual([]);
    });

    it('given cancelling, appointment.cancelled compensates; a refused cancellation fails the saga', () => {
      const state = saga(BookingStep.cancelling, SagaStatus.COMPENSATING, { reason: 'payment deadline passed' });
      const cancelled = when(state, event('appointment.cancelled', { reason: 'payment deadline passed' }));
      expect(cancelled.state).toMatchObject({ status: SagaStatus.COMPENSATED, step: BookingStep.compensated });
      expect(cancelled.sent).toEqual([{ kind: 'event', type: 'booking.compensated', data: { reason: 'payment deadline passed' } }]);
      const refused = when(state, rejected('care', 'care.cancel_appointment', 'ILLEGAL_STATE', 'COMPLETED'));
      expect(refused.state).toMatchObject({ status: SagaStatus.FAILED, step: BookingStep.compensationFailed });
      expect(refused.sent).toEqual([{ kind: 'event', type: 'booking.failed', data: { reason: 'COMPLETED' } }]);
    });

    it('given cancelling, care skipping the cancellation (a member cancelled first) compensates', () => {
      const state = saga(BookingStep.cancelling, SagaStatus.COMPENSATING, { reason: 'payment deadline passed' });
      const then = when(state, event('care.command_skipped', { commandId: 'c1', commandType: 'care.cancel_appointment' }));
      expect(then.state).toMatchObject({ status: SagaStatus.COMPENSATED, step: BookingStep.compensated });
      expect(steps(then.state)).toEqual(['appointment.cancel: already cancelled', 'booking: compensated']);
      expect(then.sent).toEqual([{ kind: 'event', type: 'booking.compensated', data: { reason: 'payment deadline passed' } }]);
    });

    it("given awaiting_payment, a member's own cancellation or confirmation is not a reply", () => {
      const state = saga(BookingStep.awaitingPayment);
      expect(when(state, event('appointment.cancelled', { reason: 'not needed' }))).toEqual({ state, sent: [] });
      expect(when(state, event('appointment.confirmed', {}))).toEqual({ state, sent: [] });
    });
  });
});

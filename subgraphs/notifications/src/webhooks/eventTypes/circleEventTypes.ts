/**
 * The event types of a care circle's log that a webhook may subscribe to: every type on
 * `domain.events` that carries the circle (docs/architecture.md, event catalogue), without
 * identity's `user.*` (no circle) and `notification.*` (private to its recipient, never in a
 * circle's log). test/contract/eventCatalogue.unit.spec.ts keeps it equal to the catalogue.
 */
export const circleEventTypes: readonly string[] = [
  'care_circle.created',
  'care_circle.member_added',
  'care_circle.member_removed',
  'care_circle.invitation_created',
  'care_circle.invitation_accepted',
  'care_circle.invitation_declined',
  'care_recipient.created',
  'care_recipient.updated',
  'medication.added',
  'medication.logged',
  'medication.due',
  'medication.dose_overdue',
  'medication.updated',
  'medication.stopped',
  'medication.refill_needed',
  'appointment.requested',
  'appointment.confirmed',
  'appointment.cancelled',
  'appointment.rescheduled',
  'appointment.reminder',
  'emergency.alert.created',
  'emergency.alert.resolved',
  'shift.started',
  'shift.ended',
  'timeline.entry.created',
  'care.command_rejected',
  'care.command_skipped',
  'bill.created',
  'bill.paid',
  'bill.voided',
  'bill.refunded',
  'payment.succeeded',
  'payment.failed',
  'partner.registered',
  'partner.pharmacy.refill_ready',
  'partner.clinic.appointment_confirmed',
  'payment.refunded',
  'billing.command_rejected',
  'billing.command_skipped',
  'booking.payment_deadline_reached',
  'booking.completed',
  'booking.compensated',
  'booking.failed',
  'webhook.registered',
  'webhook.deleted',
];

/** Types (or patterns) whose events never leave through a webhook: each recipient's notifications, each user's account. */
export function isPrivateEventType(typeOrPattern: string): boolean {
  const domain = typeOrPattern.split('.')[0];
  return domain === 'notification' || domain === 'user';
}

/** The fan-out's bindings on `domain.events`: `<first word>.#` of each subscribable type. */
export function circleEventBindings(): string[] {
  return [...new Set(circleEventTypes.map((type) => `${type.split('.')[0]}.#`))];
}

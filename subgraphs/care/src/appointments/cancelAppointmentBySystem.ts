import type { EntityManager } from '@mikro-orm/core';
import { parseId, requireText } from '../common/validate';
import type { Appointment } from './Appointment.entity';
import { AppointmentStatus } from './AppointmentStatus';
import { cancelLockedAppointment, lockAppointment } from './changeAppointmentStatus';

export interface CancelAppointmentBySystemCommand {
  appointmentId: string;
  /** Shown to members, e.g. "payment failed: card_declined". */
  reason: string;
  /** id of the event that caused this (e.g. `payment.failed`); stamped on the new event. */
  causationId?: string;
}

/**
 * System command for the booking saga's compensation (not in the public API): REQUESTED or
 * CONFIRMED → CANCELLED with the reason, in one transaction with `appointment.cancelled`
 * (cancelledBy null) and a timeline entry. Idempotent: an appointment already CANCELLED is
 * returned unchanged (its first reason kept) and nothing is recorded. COMPLETED is
 * ILLEGAL_STATE; an unknown id is NOT_FOUND; a blank reason is BAD_USER_INPUT.
 */
export async function cancelAppointmentBySystem(em: EntityManager, command: CancelAppointmentBySystemCommand): Promise<Appointment> {
  const appointmentId = parseId(command.appointmentId, 'appointmentId');
  const reason = requireText(command.reason, 'reason', 500);
  return em.transactional(async (tx) => {
    const appointment = await lockAppointment(tx, appointmentId);
    if (appointment.status === AppointmentStatus.CANCELLED) return appointment;
    return cancelLockedAppointment(tx, appointment, reason, { userId: null, context: { causationId: command.causationId } });
  });
}

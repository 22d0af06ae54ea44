import type { EntityManager } from '@mikro-orm/core';
import { parseId } from '../common/validate';
import type { Appointment } from './Appointment.entity';
import { AppointmentStatus } from './AppointmentStatus';
import { confirmLockedAppointment, lockAppointment } from './changeAppointmentStatus';

export interface ConfirmAppointmentCommand {
  appointmentId: string;
  /** id of the event (e.g. `payment.succeeded`) that caused this; stamped on the new event. */
  causationId?: string;
}

/**
 * System command for the booking saga (not in the public API): REQUESTED → CONFIRMED in one
 * transaction with `appointment.confirmed` (its actor: the member who booked it) and a timeline entry. Idempotent: an appointment
 * already CONFIRMED is returned unchanged and nothing is recorded. CANCELLED or COMPLETED is
 * ILLEGAL_STATE; an unknown id is NOT_FOUND.
 */
export async function confirmAppointment(em: EntityManager, command: ConfirmAppointmentCommand): Promise<Appointment> {
  const appointmentId = parseId(command.appointmentId, 'appointmentId');
  return em.transactional(async (tx) => {
    const appointment = await lockAppointment(tx, appointmentId);
    if (appointment.status === AppointmentStatus.CONFIRMED) return appointment;
    // The system confirms, on behalf of the member who booked it: they are the event's actor.
    return confirmLockedAppointment(tx, appointment, { userId: null, context: { causationId: command.causationId, causedBy: appointment.createdById } });
  });
}

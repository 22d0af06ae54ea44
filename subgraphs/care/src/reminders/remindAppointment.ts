import { COMMAND_SKIPPED, parseId, recordEvent, type EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppointmentStatus } from '../appointments/AppointmentStatus';
import { lockAppointment } from '../appointments/changeAppointmentStatus';
import { CARE_SOURCE } from '../common/CareContext';
import type { CareCommands } from '../contracts';

/**
 * Handles `care.remind_appointment` with the appointment locked: records `appointment.reminder`
 * for a CONFIRMED appointment still starting at the reminder's `startsAt`; a stale one
 * (cancelled, or rescheduled since) is skipped.
 */
export async function remindAppointment(em: EntityManager, data: CareCommands['care.remind_appointment'], context: EventContext): Promise<typeof COMMAND_SKIPPED | void> {
  const appointmentId = parseId(data.appointmentId, 'appointmentId');
  const appointment = await lockAppointment(em, appointmentId); // NOT_FOUND for an unknown id
  if (appointment.status !== AppointmentStatus.CONFIRMED || appointment.startsAt.toISOString() !== data.startsAt) return COMMAND_SKIPPED;
  const { careRecipientId, careCircleId, title, location } = appointment;
  recordEvent(
    em,
    CARE_SOURCE,
    {
      type: 'appointment.reminder',
      aggregateType: 'Appointment',
      aggregateId: appointmentId,
      careCircleId,
      data: { appointmentId, careRecipientId, careCircleId, title, location, startsAt: data.startsAt, offsetMinutes: data.offsetMinutes },
    },
    context,
  );
}

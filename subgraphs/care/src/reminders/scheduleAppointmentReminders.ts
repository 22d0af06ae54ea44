import { cancelScheduled, recordEvent, type EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/core';
import type { Appointment } from '../appointments/Appointment.entity';
import { CARE_SOURCE } from '../common/CareContext';
import { appointmentReminderOffsets } from './appointmentReminderOffsets';

/** The outbox cancel key of an appointment's pending reminders (cancelScheduled). */
export const appointmentReminderKey = (appointmentId: string): string => `appointment.reminder:${appointmentId}`;

/**
 * Replaces a confirmed appointment's pending reminders, in the caller's transaction: cancels
 * them by key, then records `care.remind_appointment` to care itself on `commands` for each
 * offset before `startsAt` that is still ahead (ADR 0012). Pass `confirmed = false` (cancelled,
 * or not confirmed yet) to only cancel them.
 */
export async function scheduleAppointmentReminders(em: EntityManager, appointment: Appointment, confirmed: boolean, context: EventContext, now = new Date()): Promise<Date[]> {
  const cancelKey = appointmentReminderKey(appointment.id);
  await cancelScheduled(em, cancelKey);
  if (!confirmed) return [];
  const scheduled: Date[] = [];
  for (const offsetMinutes of appointmentReminderOffsets()) {
    const at = new Date(appointment.startsAt.getTime() - offsetMinutes * 60_000);
    if (at.getTime() <= now.getTime()) continue;
    recordEvent(
      em,
      CARE_SOURCE,
      {
        type: 'care.remind_appointment',
        exchange: 'commands',
        aggregateType: 'AppointmentReminder',
        aggregateId: appointment.id,
        careCircleId: appointment.careCircleId,
        data: { appointmentId: appointment.id, startsAt: appointment.startsAt.toISOString(), offsetMinutes },
        availableAt: at,
        cancelKey,
      },
      context,
    );
    scheduled.push(at);
  }
  return scheduled;
}

import { LockMode } from '@mikro-orm/core';
import { IllegalStateError, NotFoundError, recordEvent, type EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/core';
import { CARE_SOURCE } from '../common/CareContext';
import { scheduleAppointmentReminders } from '../reminders/scheduleAppointmentReminders';
import { recordTimelineEntry } from '../timeline/recordTimelineEntry';
import { Appointment } from './Appointment.entity';
import { AppointmentStatus } from './AppointmentStatus';

/** Who changes an appointment: a signed-in user, or the system (the booking saga). */
export interface AppointmentActor {
  userId: string | null;
  context: EventContext;
}

/** The appointment, locked (`SELECT … FOR UPDATE`) for the rest of the transaction. */
export async function lockAppointment(em: EntityManager, appointmentId: string): Promise<Appointment> {
  const appointment = await em.findOne(Appointment, appointmentId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!appointment) throw new NotFoundError('Appointment', appointmentId);
  return appointment;
}

const CANCELLABLE = [AppointmentStatus.REQUESTED, AppointmentStatus.CONFIRMED];

/**
 * Moves a locked appointment to `to`, flushes (so the event carries the new version) and
 * records `appointment.<status>` plus a timeline entry. The entry's author is the acting
 * user, or for system changes the user who requested the appointment.
 */
async function change(em: EntityManager, appointment: Appointment, to: AppointmentStatus, actor: AppointmentActor, extra: Record<string, unknown>, text: string): Promise<Appointment> {
  const previousStatus = appointment.status;
  appointment.status = to;
  await em.flush();
  const { id: appointmentId, careRecipientId, careCircleId } = appointment;
  const kind = `appointment.${to.toLowerCase()}`;
  recordEvent(
    em,
    CARE_SOURCE,
    {
      type: kind,
      aggregateType: 'Appointment',
      aggregateId: appointmentId,
      careCircleId,
      data: {
        appointmentId,
        careRecipientId,
        careCircleId,
        title: appointment.title,
        startsAt: appointment.startsAt.toISOString(),
        status: to,
        previousStatus,
        ...extra,
        version: appointment.version,
      },
    },
    actor.context,
  );
  recordTimelineEntry(em, { careRecipientId, careCircleId, kind, text, authorId: actor.userId ?? appointment.createdById }, actor.context);
  return appointment;
}

/** REQUESTED or CONFIRMED → CANCELLED with the reason; anything else is ILLEGAL_STATE. */
export async function cancelLockedAppointment(em: EntityManager, appointment: Appointment, reason: string, actor: AppointmentActor): Promise<Appointment> {
  if (!CANCELLABLE.includes(appointment.status)) {
    throw new IllegalStateError(`Appointment ${appointment.id} is ${appointment.status} and cannot be cancelled.`);
  }
  appointment.cancellationReason = reason;
  const text = `Appointment "${appointment.title}" cancelled: ${reason}`;
  await scheduleAppointmentReminders(em, appointment, false, actor.context);
  return change(em, appointment, AppointmentStatus.CANCELLED, actor, { reason, cancelledBy: actor.userId }, text);
}

/** REQUESTED → CONFIRMED; anything else is ILLEGAL_STATE. */
export async function confirmLockedAppointment(em: EntityManager, appointment: Appointment, actor: AppointmentActor): Promise<Appointment> {
  if (appointment.status !== AppointmentStatus.REQUESTED) {
    throw new IllegalStateError(`Appointment ${appointment.id} is ${appointment.status} and cannot be confirmed.`);
  }
  const text = `Appointment "${appointment.title}" confirmed for ${appointment.startsAt.toISOString()}.`;
  const confirmed = await change(em, appointment, AppointmentStatus.CONFIRMED, actor, { confirmedBy: actor.userId }, text);
  await scheduleAppointmentReminders(em, confirmed, true, actor.context);
  return confirmed;
}

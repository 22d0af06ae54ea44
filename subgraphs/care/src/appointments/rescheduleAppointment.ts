import { IllegalStateError, NotFoundError, recordEvent, requireUser, WRITER_ROLES } from '@caregraph/shared';
import { CARE_SOURCE, type CareContext } from '../common/CareContext';
import { parseId } from '../common/validate';
import { scheduleAppointmentReminders } from '../reminders/scheduleAppointmentReminders';
import { recordTimelineEntry } from '../timeline/recordTimelineEntry';
import type { Appointment } from './Appointment.entity';
import { AppointmentStatus } from './AppointmentStatus';
import { lockAppointment } from './changeAppointmentStatus';
import { parseFutureTime } from './scheduleAppointment';

const MOVABLE = [AppointmentStatus.REQUESTED, AppointmentStatus.CONFIRMED];

/**
 * Moves a REQUESTED or CONFIRMED appointment to a new future `startsAt` (writers only), in one
 * transaction with `appointment.rescheduled`, a timeline entry and, when CONFIRMED, its reminders
 * moved (the old ones cancelled). The same time again changes nothing. CANCELLED or COMPLETED is
 * ILLEGAL_STATE; a past or invalid time is BAD_USER_INPUT.
 */
export async function rescheduleAppointment(ctx: CareContext, id: string, startsAt: Date): Promise<Appointment> {
  const user = requireUser(ctx);
  const appointmentId = parseId(id, 'id');
  const known = await ctx.loaders.appointment.load(appointmentId);
  if (!known) throw new NotFoundError('Appointment', appointmentId);
  await ctx.circles.require(known.careCircleId, WRITER_ROLES);
  const next = parseFutureTime(startsAt, 'startsAt');

  const appointment = await ctx.em.transactional(async (em) => {
    const locked = await lockAppointment(em, appointmentId);
    if (!MOVABLE.includes(locked.status)) throw new IllegalStateError(`Appointment ${appointmentId} is ${locked.status} and cannot be rescheduled.`);
    if (locked.startsAt.getTime() === next.getTime()) return locked;
    const previousStartsAt = locked.startsAt.toISOString();
    locked.startsAt = next;
    await em.flush();
    const { careRecipientId, careCircleId, title, status } = locked;
    recordEvent(
      em,
      CARE_SOURCE,
      {
        type: 'appointment.rescheduled',
        aggregateType: 'Appointment',
        aggregateId: appointmentId,
        careCircleId,
        data: { appointmentId, careRecipientId, careCircleId, title, startsAt: next.toISOString(), previousStartsAt, status, rescheduledBy: user.id, version: locked.version },
      },
      ctx.eventContext,
    );
    const text = `Appointment "${title}" moved from ${previousStartsAt} to ${next.toISOString()}.`;
    recordTimelineEntry(em, { careRecipientId, careCircleId, kind: 'appointment.rescheduled', text, authorId: user.id }, ctx.eventContext);
    await scheduleAppointmentReminders(em, locked, status === AppointmentStatus.CONFIRMED, ctx.eventContext);
    return locked;
  });
  ctx.loaders.appointment.clear(appointmentId).prime(appointmentId, appointment);
  ctx.loaders.appointmentsByRecipient.clearAll();
  return appointment;
}

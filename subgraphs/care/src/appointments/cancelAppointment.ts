import { NotFoundError, requireUser, WRITER_ROLES } from '@caregraph/shared';
import type { CareContext } from '../common/CareContext';
import { parseId, requireText } from '../common/validate';
import type { Appointment } from './Appointment.entity';
import { cancelLockedAppointment, lockAppointment } from './changeAppointmentStatus';

/**
 * Cancels an appointment (writers only) with a required reason: REQUESTED or CONFIRMED →
 * CANCELLED and `appointment.cancelled`; already CANCELLED or COMPLETED is ILLEGAL_STATE.
 */
export async function cancelAppointment(ctx: CareContext, id: string, reason: string): Promise<Appointment> {
  const user = requireUser(ctx);
  const appointmentId = parseId(id, 'id');
  const known = await ctx.loaders.appointment.load(appointmentId);
  if (!known) throw new NotFoundError('Appointment', appointmentId);
  await ctx.circles.require(known.careCircleId, WRITER_ROLES);
  const text = requireText(reason, 'reason', 500);

  const appointment = await ctx.em.transactional(async (em) => {
    const locked = await lockAppointment(em, appointmentId);
    return cancelLockedAppointment(em, locked, text, { userId: user.id, context: ctx.eventContext });
  });
  ctx.loaders.appointment.clear(appointmentId).prime(appointmentId, appointment);
  ctx.loaders.appointmentsByRecipient.clearAll();
  return appointment;
}

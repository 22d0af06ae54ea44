import { COMMAND_SKIPPED, commandConsumer, parseId, ValidationError, type CommandConsumerOptions, type ConsumerDefinition } from '@caregraph/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Appointment } from '../appointments/Appointment.entity';
import { AppointmentStatus } from '../appointments/AppointmentStatus';
import { cancelAppointmentBySystem } from '../appointments/cancelAppointmentBySystem';
import { confirmAppointment } from '../appointments/confirmAppointment';
import { CARE_SOURCE } from '../common/CareContext';
import type { CareCommands } from '../contracts';
import { appointmentReminderOffsets } from '../reminders/appointmentReminderOffsets';
import { checkDose } from '../reminders/checkDose';
import { remindAppointment } from '../reminders/remindAppointment';
import { remindDose } from '../reminders/remindDose';


/** Whether the appointment (locked for the transaction) is already in `status`: the command is then skipped. */
async function already(em: EntityManager, appointmentId: string, status: AppointmentStatus): Promise<boolean> {
  const appointment = await em.findOne(Appointment, parseId(appointmentId, 'appointmentId'), { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  return appointment?.status === status;
}

/** How long after a dose's due time it counts as overdue when nothing was logged: 60 minutes. */
export const DEFAULT_DOSE_GRACE_MS = 60 * 60_000;

/** The commands care owns (contracts/CareCommands) on queue `care.commands`; replies are care's events (ADR 0010). */
export function careCommandConsumer(options: { em: EntityManager; doseGraceMs?: number }): ConsumerDefinition {
  const graceMs = options.doseGraceMs ?? DEFAULT_DOSE_GRACE_MS;
  if (!Number.isFinite(graceMs) || graceMs <= 0) throw new ValidationError('doseGraceMs must be a positive number of milliseconds.', 'doseGraceMs');
  appointmentReminderOffsets(); // a bad APPOINTMENT_REMINDER_OFFSETS_MINUTES fails the role's start, not the first confirmation
  const handlers: CommandConsumerOptions<CareCommands>['handlers'] = {
    async 'care.confirm_appointment'(data, em, context) {
      if (await already(em, data.appointmentId, AppointmentStatus.CONFIRMED)) return COMMAND_SKIPPED;
      await confirmAppointment(em, { appointmentId: data.appointmentId, causationId: context.causationId });
    },
    async 'care.cancel_appointment'(data, em, context) {
      if (await already(em, data.appointmentId, AppointmentStatus.CANCELLED)) return COMMAND_SKIPPED;
      await cancelAppointmentBySystem(em, { appointmentId: data.appointmentId, reason: data.reason, causationId: context.causationId });
    },
    'care.remind_dose': (data, em, context) => remindDose(em, data, graceMs, context),
    'care.check_dose': (data, em, context) => checkDose(em, data, graceMs, context),
    'care.remind_appointment': (data, em, context) => remindAppointment(em, data, context),
  };
  return commandConsumer({ owner: 'care', source: CARE_SOURCE, em: options.em, handlers });
}

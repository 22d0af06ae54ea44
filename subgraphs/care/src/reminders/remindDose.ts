import { COMMAND_SKIPPED, NotFoundError, parseId, recordEvent, type EventContext } from '@caregraph/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CareRecipient } from '../careRecipients/CareRecipient.entity';
import { CARE_SOURCE } from '../common/CareContext';
import type { CareCommands } from '../contracts';
import { Medication } from '../medications/Medication.entity';
import { scheduleNextDose } from './scheduleNextDose';

/**
 * Handles `care.remind_dose` with the medication locked: records `medication.due`, schedules the
 * check for an overdue dose `graceMs` later (`care.check_dose`) and the next reminder, or skips a stale one (stopped, or rescheduled to another time). The next
 * is counted from the later of the due time and now, so reminders missed while the relay was
 * down are not replayed one by one.
 */
export async function remindDose(em: EntityManager, data: CareCommands['care.remind_dose'], graceMs: number, context: EventContext): Promise<typeof COMMAND_SKIPPED | void> {
  const medicationId = parseId(data.medicationId, 'medicationId');
  const medication = await em.findOne(Medication, medicationId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!medication) throw new NotFoundError('Medication', medicationId);
  if (medication.stoppedAt || medication.nextDoseAt?.toISOString() !== data.dueAt) return COMMAND_SKIPPED;
  const recipient = await em.findOneOrFail(CareRecipient, medication.careRecipientId);
  const { careRecipientId, careCircleId, name, dosage } = medication;
  recordEvent(
    em,
    CARE_SOURCE,
    { type: 'medication.due', aggregateType: 'Medication', aggregateId: medicationId, careCircleId, data: { medicationId, careRecipientId, name, dosage, dueAt: data.dueAt } },
    context,
  );
  // Whether the dose was logged is checked a grace period later (checkDose).
  recordEvent(
    em,
    CARE_SOURCE,
    {
      type: 'care.check_dose',
      exchange: 'commands',
      aggregateType: 'MedicationDoseCheck',
      aggregateId: medicationId,
      careCircleId,
      data: { medicationId, dueAt: data.dueAt },
      availableAt: new Date(Date.parse(data.dueAt) + graceMs),
    },
    context,
  );
  const from = new Date(Math.max(Date.parse(data.dueAt), Date.now()));
  await scheduleNextDose(em, medication, recipient.timeZone, from, context);
}

import { COMMAND_SKIPPED, NotFoundError, parseId, recordEvent, type EventContext } from '@caregraph/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CARE_SOURCE } from '../common/CareContext';
import type { CareCommands } from '../contracts';
import { Medication } from '../medications/Medication.entity';
import { MedicationLog } from '../medications/MedicationLog.entity';

/**
 * Handles `care.check_dose`, a grace period after a dose was due: a dose logged (given, skipped
 * or missed) from one grace period before the due time until now answers it; otherwise records
 * `medication.dose_overdue`, which notifies the OWNER and CAREGIVERs. A stopped medication, or an
 * answered dose, is skipped.
 */
export async function checkDose(em: EntityManager, data: CareCommands['care.check_dose'], graceMs: number, context: EventContext): Promise<typeof COMMAND_SKIPPED | void> {
  const medicationId = parseId(data.medicationId, 'medicationId');
  const medication = await em.findOne(Medication, medicationId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!medication) throw new NotFoundError('Medication', medicationId);
  if (medication.stoppedAt) return COMMAND_SKIPPED;
  const dueAt = new Date(data.dueAt);
  const logged = await em.count(MedicationLog, { medicationId, loggedAt: { $gte: new Date(dueAt.getTime() - graceMs) } });
  if (logged > 0) return COMMAND_SKIPPED;
  const { careRecipientId, careCircleId, name, dosage } = medication;
  recordEvent(
    em,
    CARE_SOURCE,
    {
      type: 'medication.dose_overdue',
      aggregateType: 'Medication',
      aggregateId: medicationId,
      careCircleId,
      data: { medicationId, careRecipientId, name, dosage, dueAt: data.dueAt, graceMinutes: Math.round(graceMs / 60_000) },
    },
    context,
  );
}

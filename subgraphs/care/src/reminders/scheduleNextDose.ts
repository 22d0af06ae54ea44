import { cancelScheduled, recordEvent, type EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/core';
import { CARE_SOURCE } from '../common/CareContext';
import type { Medication } from '../medications/Medication.entity';
import { nextDoseDue } from './nextDoseDue';
import { reminderCancelKey } from './reminderCancelKey';

/**
 * Replaces the medication's pending reminder with one for its next dose after `from`, in the
 * caller's transaction: cancels the scheduled row by key, sets `nextDoseAt`, and records the
 * command `care.remind_dose` to care itself on `commands`, published at that instant. When it
 * arrives, care's command consumer records `medication.due` and calls this again: the chain
 * needs no timer of its own, and `nextDoseAt` makes any reminder that escaped the cancel (one
 * already due) stale. Returns the next due instant (null without schedule times).
 */
export async function scheduleNextDose(
  em: EntityManager,
  medication: Medication,
  timeZone: string,
  from: Date,
  context: EventContext,
): Promise<Date | null> {
  const cancelKey = reminderCancelKey(medication.id);
  await cancelScheduled(em, cancelKey);
  const dueAt = nextDoseDue(medication.scheduleTimes, timeZone, from);
  medication.nextDoseAt = dueAt;
  if (!dueAt) return null;
  recordEvent(
    em,
    CARE_SOURCE,
    {
      type: 'care.remind_dose',
      exchange: 'commands',
      aggregateType: 'MedicationReminder',
      aggregateId: medication.id,
      careCircleId: medication.careCircleId,
      data: { medicationId: medication.id, dueAt: dueAt.toISOString() },
      availableAt: dueAt,
      cancelKey,
    },
    context,
  );
  return dueAt;
}

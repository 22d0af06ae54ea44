import type { CommandRejected, CommandSkipped } from '@caregraph/shared';

/**
 * care's message contract for other domains (ADR 0010): the commands it accepts on queue
 * `care.commands` (exchange `commands`, routing key = type) and what it replies with on
 * `domain.events`. Types only: import them with `import type` from `@caregraph/care/contracts`.
 */
export interface CareCommands {
  /** REQUESTED → CONFIRMED. Reply: `appointment.confirmed`, or rejected (ILLEGAL_STATE when CANCELLED or COMPLETED, NOT_FOUND). */
  'care.confirm_appointment': { appointmentId: string };
  /** REQUESTED or CONFIRMED → CANCELLED by the system, with the reason shown to members. Reply: `appointment.cancelled`, or rejected (ILLEGAL_STATE when COMPLETED, NOT_FOUND). */
  'care.cancel_appointment': { appointmentId: string; reason: string };
  /**
   * care to itself, scheduled at a dose's due time (reminders/scheduleNextDose): records
   * `medication.due` and schedules the next. Skipped when stale (the medication was stopped or
   * rescheduled: its nextDoseAt is not `dueAt`); NOT_FOUND for an unknown medication.
   */
  'care.remind_dose': { medicationId: string; dueAt: string };
  /**
   * care to itself, scheduled a grace period after a dose's due time (reminders/remindDose):
   * records `medication.dose_overdue` when no dose of the medication was logged from a grace
   * period before `dueAt` until now; else, or when the medication was stopped, skipped.
   */
  'care.check_dose': { medicationId: string; dueAt: string };
  /**
   * care to itself, `offsetMinutes` before a confirmed appointment starts: records
   * `appointment.reminder`; skipped when the appointment is no longer CONFIRMED or was rescheduled
   * (its startsAt is not `startsAt`).
   */
  'care.remind_appointment': { appointmentId: string; startsAt: string; offsetMinutes: number };
}

export type CareCommandType = keyof CareCommands;

/** A command to care as the sender records it. */
export type CareCommand = { [K in CareCommandType]: { type: K; data: CareCommands[K] } }[CareCommandType];

/** The data of care's replies the sender reads (each also carries more; see docs/architecture.md). */
export interface CareReplies {
  'appointment.confirmed': { appointmentId: string };
  'appointment.cancelled': { appointmentId: string; reason: string };
  'care.command_rejected': CommandRejected<Partial<CareCommands[CareCommandType]>>;
  /** The command's effect was already there (e.g. a member cancelled first); nothing was recorded. */
  'care.command_skipped': CommandSkipped<Partial<CareCommands[CareCommandType]>>;
}

export type CareReplyType = keyof CareReplies;

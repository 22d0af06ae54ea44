import { ValidationError } from '@caregraph/shared';

/** Appointment reminders go out this many minutes before `startsAt`: 24 h and 1 h. */
export const DEFAULT_APPOINTMENT_REMINDER_OFFSETS = [24 * 60, 60];

/**
 * `APPOINTMENT_REMINDER_OFFSETS_MINUTES` (e.g. `1440,60`; both the care subgraph and the care
 * role schedule reminders, so both read it), or the default. A value that is not a list of
 * positive whole minutes is an error naming the setting.
 */
export function appointmentReminderOffsets(value = process.env.APPOINTMENT_REMINDER_OFFSETS_MINUTES): number[] {
  if (value === undefined || value.trim() === '') return DEFAULT_APPOINTMENT_REMINDER_OFFSETS;
  const offsets = value.split(',').map((part) => Number(part.trim()));
  if (!offsets.length || offsets.some((minutes) => !Number.isInteger(minutes) || minutes <= 0)) {
    throw new ValidationError('APPOINTMENT_REMINDER_OFFSETS_MINUTES must be positive whole minutes, e.g. 1440,60.', 'APPOINTMENT_REMINDER_OFFSETS_MINUTES');
  }
  return [...new Set(offsets)].sort((a, b) => b - a);
}

import { ValidationError } from '@caregraph/shared';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// The generic input rules live in shared; care adds its own below.
export { isUuid, parseId, requireText, optionalText, requireNonNegative } from '@caregraph/shared';

/** "HH:MM" 24-hour times, 00:00–23:59, de-duplicated and sorted. */
export function parseScheduleTimes(values: string[], field = 'scheduleTimes'): string[] {
  for (const value of values) {
    if (!TIME.test(value)) throw new ValidationError(`${field} must hold "HH:MM" times from 00:00 to 23:59; got "${value}".`, field);
  }
  return [...new Set(values)].sort();
}

/**
 * An IANA time zone name as Intl knows it (`Europe/London`, `UTC`), returned in its canonical
 * spelling (`utc` gives `UTC`); anything else is BAD_USER_INPUT on `field`.
 */
export function parseTimeZone(value: string, field = 'timeZone'): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value.trim() }).resolvedOptions().timeZone;
  } catch {
    throw new ValidationError(`${field} must be an IANA time zone name such as "Europe/London"; got "${value}".`, field);
  }
}

/** An ISO calendar date (YYYY-MM-DD) that exists and is not after `today` (UTC). */
export function parsePastDate(value: string | null | undefined, field: string, today = new Date()): string | undefined {
  if (value == null) return undefined;
  const match = ISO_DATE.exec(value);
  const date = match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : undefined;
  if (!match || !date || date.getUTCFullYear() !== +match[1] || date.getUTCMonth() !== +match[2] - 1 || date.getUTCDate() !== +match[3]) {
    throw new ValidationError(`${field} must be an ISO date (YYYY-MM-DD).`, field);
  }
  if (value > today.toISOString().slice(0, 10)) throw new ValidationError(`${field} must not be in the future.`, field);
  return value;
}

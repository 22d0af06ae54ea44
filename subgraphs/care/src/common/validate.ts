import { ValidationError } from '@caregraph/shared';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The id, lower-cased, or BAD_USER_INPUT naming `field` (a malformed id never reaches SQL). */
export function parseId(value: string, field: string): string {
  if (!isUuid(value)) throw new ValidationError(`${field} is not a valid id.`, field);
  return value.toLowerCase();
}

/** The trimmed text, or BAD_USER_INPUT when it is blank or longer than `max`. */
export function requireText(value: string, field: string, max = 200): string {
  const text = value.trim();
  if (!text) throw new ValidationError(`${field} must not be empty.`, field);
  if (text.length > max) throw new ValidationError(`${field} must be at most ${max} characters.`, field);
  return text;
}

export function optionalText(value: string | null | undefined, field: string, max: number): string | undefined {
  if (value == null) return undefined;
  if (value.length > max) throw new ValidationError(`${field} must be at most ${max} characters.`, field);
  return value;
}

export function requireNonNegative(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0) throw new ValidationError(`${field} must be 0 or more.`, field);
  return value;
}

/** "HH:MM" 24-hour times, 00:00–23:59, de-duplicated and sorted. */
export function parseScheduleTimes(values: string[], field = 'scheduleTimes'): string[] {
  for (const value of values) {
    if (!TIME.test(value)) throw new ValidationError(`${field} must hold "HH:MM" times from 00:00 to 23:59; got "${value}".`, field);
  }
  return [...new Set(values)].sort();
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

import { ValidationError } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The id, lower-cased, or BAD_USER_INPUT naming `field` (a malformed id never reaches SQL). */
export function parseId(value: string, field: string): string {
  if (!isUuid(value)) throw new ValidationError(`${field} is not a valid id.`, field);
  return value.toLowerCase();
}

/** The trimmed text, or BAD_USER_INPUT when it is blank or longer than `max` (default 200). */
export function requireText(value: string, field: string, max = 200): string {
  const text = value.trim();
  if (!text) throw new ValidationError(`${field} must not be empty.`, field);
  if (text.length > max) throw new ValidationError(`${field} must be at most ${max} characters.`, field);
  return text;
}

/** undefined for null/undefined, else the value, or BAD_USER_INPUT when longer than `max`. */
export function optionalText(value: string | null | undefined, field: string, max: number): string | undefined {
  if (value == null) return undefined;
  if (value.length > max) throw new ValidationError(`${field} must be at most ${max} characters.`, field);
  return value;
}

export function requireNonNegative(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0) throw new ValidationError(`${field} must be 0 or more.`, field);
  return value;
}

import { ValidationError } from '@caregraph/shared';

// Deliberately loose (one @, a dot in the domain, no spaces): the only real proof of an
// address is delivering to it.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The id lower-cased, or BAD_USER_INPUT naming `field` when it is not a UUID. */
export { parseId as requireUuid } from '@caregraph/shared';

/**
 * Trimmed and lower-cased: addresses are compared case-insensitively everywhere (and the
 * database enforces uniqueness on lower(email)), so we store the normal form.
 */
export function normaliseEmail(value: string, field = 'email'): string {
  const email = value.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) throw new ValidationError('This is not a valid email address.', field);
  return email;
}

/** Trimmed text of 1..max characters, or BAD_USER_INPUT naming `field`. */
export function requireText(value: string, field: string, max = 100): string {
  const text = value.trim();
  if (!text) throw new ValidationError(`${field} must not be empty.`, field);
  if (text.length > max) throw new ValidationError(`${field} must be at most ${max} characters.`, field);
  return text;
}

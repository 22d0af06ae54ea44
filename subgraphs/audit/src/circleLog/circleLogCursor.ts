import { ValidationError } from '@caregraph/shared';

const PREFIX = 'log:';

/** Opaque to clients: base64url of `log:<sequence>`, the event's number in its circle's log. */
export function encodeCircleLogCursor(sequence: number): string {
  return Buffer.from(`${PREFIX}${sequence}`, 'utf8').toString('base64url');
}

/** The sequence inside a cursor, or BAD_USER_INPUT naming `field`. */
export function decodeCircleLogCursor(cursor: string, field = 'after'): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const digits = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : '';
  if (!/^(0|[1-9]\d{0,14})$/.test(digits)) throw new ValidationError(`${field} is not a valid care-circle event cursor.`, field);
  return Number(digits);
}

import { ValidationError } from '@caregraph/shared';

const PREFIX = 'audit:';

/** Opaque to clients: base64url of `audit:<position>`. */
export function encodeAuditCursor(position: string): string {
  return Buffer.from(`${PREFIX}${position}`, 'utf8').toString('base64url');
}

/** The position inside a cursor, or BAD_USER_INPUT naming `field`. */
export function decodeAuditCursor(cursor: string, field = 'after'): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const position = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : '';
  if (!/^[1-9]\d{0,18}$/.test(position)) throw new ValidationError(`${field} is not a valid cursor.`, field);
  return position;
}

import { ValidationError } from '../errors';
import { isUuid } from '../validation';

/** A position in a newest-first list: the row's timestamp and id (the tie-breaker). */
export interface Position {
  at: Date;
  id: string;
}

/** Opaque to clients: base64url of `<iso time>|<id>`. */
export function encodeCursor(position: Position): string {
  return Buffer.from(`${position.at.toISOString()}|${position.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): Position {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  if (!id || !isUuid(id) || Number.isNaN(at.getTime())) throw new ValidationError(`${field} is not a valid cursor.`, field);
  return { at, id };
}

/** `first` clamped to 1..max; BAD_USER_INPUT when negative or zero. */
export function pageSize(first: number, max = 100, field = 'first'): number {
  if (!Number.isInteger(first) || first < 1) throw new ValidationError(`${field} must be at least 1.`, field);
  return Math.min(first, max);
}

/**
 * Live-event cursors: opaque to clients, ordered by event time within a care circle. For now
 * base64url of `${time}|${id}`; `careCircleEvents(after:)` decodes it to resume from the audit store.
 */
export function encodeCursor(event: { time: string; id: string }): string {
  return Buffer.from(`${event.time}|${event.id}`, 'utf8').toString('base64url');
}

/** Returns undefined for anything that is not a cursor this module made. */
export function decodeCursor(cursor: string): { time: string; id: string } | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const separator = text.indexOf('|');
  if (separator <= 0 || separator === text.length - 1) return undefined;
  const time = text.slice(0, separator);
  if (Number.isNaN(Date.parse(time))) return undefined;
  return { time, id: text.slice(separator + 1) };
}

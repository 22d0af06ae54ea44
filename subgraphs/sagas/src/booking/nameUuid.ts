import { createHash } from 'node:crypto';

/**
 * A UUID (version 5 layout, SHA-1 of the name) that is the same for the same name: ids a
 * decision needs (the saga's, the bill it commands) follow from the appointment, keeping the
 * decision pure and its replays idempotent.
 */
export function nameUuid(name: string): string {
  const hash = createHash('sha1').update(`caregraph/${name}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

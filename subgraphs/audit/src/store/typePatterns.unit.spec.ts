import { topicMatches, ValidationError } from '@caregraph/shared';
import { decodeAuditCursor, encodeAuditCursor } from '../auditLog/auditCursor';
import { typePatternsToRegex } from './typePatterns';

/** What Postgres does with the pattern: `('.' || type) ~ regex` (these regexes are also valid in JS). */
const matches = (pattern: string, type: string) => new RegExp(typePatternsToRegex([pattern])[0]).test(`.${type}`);

describe('event type patterns', () => {
  const types = ['medication.logged', 'medication.refill_needed', 'emergency.alert.created', 'emergency', 'user.created', 'medicationxlogged'];
  const patterns = ['medication.logged', 'medication.*', '*.created', 'emergency.#', '#', '#.created', 'emergency.*.created', '*', 'medication.#.logged'];

  it.each(patterns)('matches %p exactly as the AMQP topic rules do', (pattern) => {
    for (const type of types) expect([type, matches(pattern, type)]).toEqual([type, topicMatches(pattern, type)]);
  });

  it('treats the dot as a separator, never as a wildcard', () => {
    expect(matches('medication.logged', 'medicationxlogged')).toBe(false);
  });

  it.each(['', 'medication.', 'Medication.*', 'medication.log*', 'a.(b|c)', 'a.[x]', 'a b'])('rejects the pattern %p', (pattern) => {
    expect(() => typePatternsToRegex([pattern])).toThrow(ValidationError);
  });

  it('round-trips opaque cursors and rejects forged ones', () => {
    expect(decodeAuditCursor(encodeAuditCursor('42'))).toBe('42');
    for (const forged of ['bm9wZQ', encodeAuditCursor('0'), encodeAuditCursor('-1'), encodeAuditCursor('1; drop table x'), '']) {
      expect(() => decodeAuditCursor(forged)).toThrow(ValidationError);
    }
  });
});

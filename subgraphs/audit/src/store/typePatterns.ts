import { ValidationError } from '@caregraph/shared';

const WORD = /^([a-z0-9_]+|\*|#)$/;

/**
 * Turns event-type filters into Postgres regular expressions matched against `'.' || type`.
 * A filter is an exact type (`medication.logged`) or an AMQP-style topic pattern, as the
 * notification rules and `careCircleEvents(types:)` use: `*` is exactly one word, `#` zero or
 * more (`medication.*`, `emergency.#`). The leading dot gives every word a separator in front,
 * so `#` can match nothing without special cases. No backslashes, so the SQL stays plain.
 */
export function typePatternsToRegex(patterns: readonly string[], field = 'types'): string[] {
  if (patterns.length > 50) throw new ValidationError(`${field} may hold at most 50 entries.`, field);
  return patterns.map((pattern) => {
    const words = pattern.split('.');
    if (pattern.length > 200 || !words.every((word) => WORD.test(word))) {
      throw new ValidationError(`${field} holds "${pattern}", which is neither an event type nor a pattern of words, "*" and "#".`, field);
    }
    const body = words.map((word) => (word === '*' ? '[.][^.]+' : word === '#' ? '([.][^.]+)*' : `[.]${word}`)).join('');
    return `^${body}$`;
  });
}

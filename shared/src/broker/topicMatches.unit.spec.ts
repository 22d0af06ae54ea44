import { topicMatches } from './topicMatches';

describe('topicMatches', () => {
  it.each([
    ['#', 'medication.logged', true],
    ['#', '', true],
    ['medication.*', 'medication.logged', true],
    ['medication.*', 'medication.refill.needed', false],
    ['medication.#', 'medication', true],
    ['medication.#', 'medication.refill.needed', true],
    ['*.logged', 'medication.logged', true],
    ['#.needed', 'medication.refill.needed', true],
    ['a.#.z', 'a.z', true],
    ['a.#.z', 'a.b.c.z', true],
    ['a.#.z', 'a.b.c', false],
    ['bill.paid', 'bill.paid', true],
    ['bill.paid', 'bill.voided', false],
  ])('%s against %s is %s', (pattern, key, expected) => {
    expect(topicMatches(pattern, key)).toBe(expected);
  });
});

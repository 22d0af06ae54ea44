import { claimableInOrder } from './claimableInOrder';
import type { OutboxRow } from './OutboxRow';
import { retryDelay } from './retryDelay';

const row = (id: string, sequence: number, aggregate: string, blocked = false): OutboxRow => ({
  id, sequence: String(sequence), exchange: 'domain.events', routing_key: 'a.b', payload: {},
  aggregate_type: 'Medication', aggregate_id: aggregate, retry_count: 0, blocked,
});

describe('claimableInOrder', () => {
  it('groups rows per aggregate in sequence order', () => {
    const rows = [row('3', 3, 'x'), row('1', 1, 'x'), row('2', 2, 'y'), row('10', 10, 'x')];
    expect(claimableInOrder(rows).map((g) => g.map((r) => r.id))).toEqual([['1', '3', '10'], ['2']]);
  });

  it('drops a blocked row and everything after it in the same aggregate only', () => {
    const rows = [row('1', 1, 'x'), row('2', 2, 'x', true), row('3', 3, 'x'), row('4', 4, 'y')];
    expect(claimableInOrder(rows).map((g) => g.map((r) => r.id))).toEqual([['1'], ['4']]);
  });

  it('compares sequences as integers, not strings', () => {
    expect(claimableInOrder([row('b', 10, 'x'), row('a', 9, 'x')])[0].map((r) => r.id)).toEqual(['a', 'b']);
  });
});

describe('retryDelay', () => {
  it('doubles from the base delay up to the ceiling', () => {
    const policy = { maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelay(attempt, policy))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});

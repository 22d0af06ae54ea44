import type { OutboxRow } from './OutboxRow';

/**
 * Groups claimed rows by aggregate, each group in sequence order, dropping blocked rows and
 * every later row of their aggregate. Groups can be published concurrently; rows within one
 * group must go one after the other.
 */
export function claimableInOrder(rows: OutboxRow[]): OutboxRow[][] {
  const groups = new Map<string, OutboxRow[]>();
  const stopped = new Set<string>();
  const sorted = [...rows].sort((a, b) => compareSequence(a.sequence, b.sequence));
  for (const row of sorted) {
    const key = `${row.aggregate_type}\u0000${row.aggregate_id}`;
    if (stopped.has(key)) continue;
    if (row.blocked) {
      stopped.add(key);
      continue;
    }
    const group = groups.get(key) ?? [];
    group.push(row);
    groups.set(key, group);
  }
  return [...groups.values()];
}

// bigserial arrives as a string; compare as integers without losing precision.
function compareSequence(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

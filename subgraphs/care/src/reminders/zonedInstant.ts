import { offsetAt, type WallClock } from './localClock';

const DAY_MS = 86_400_000;

/**
 * The instant (epoch ms) at which a clock in `timeZone` shows `wall`. Around a DST switch:
 * - a wall time that occurs twice (autumn, clocks go back) gives its first occurrence;
 * - a wall time that never occurs (spring, clocks go forward) gives the next valid instant,
 *   the switch itself: 01:30 on the morning London goes from 01:00 GMT to 02:00 BST is
 *   01:00 UTC (02:00 BST). Several times inside one gap therefore fall on the same instant.
 * Time zones switch at most once in any 48 hours, which the offsets either side rely on.
 */
export function zonedInstant(timeZone: string, wall: WallClock): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const before = offsetAt(timeZone, asUtc - DAY_MS);
  const after = offsetAt(timeZone, asUtc + DAY_MS);
  const matches = [asUtc - before, asUtc - after].filter((instant) => instant + offsetAt(timeZone, instant) === asUtc);
  if (matches.length > 0) return Math.min(...matches);
  return switchInstant(timeZone, asUtc - after, asUtc - before, after);
}

/** The first second in [from, to] at which the zone's offset is `offset` (the gap's end). */
function switchInstant(timeZone: string, from: number, to: number, offset: number): number {
  let low = Math.floor(from / 1000);
  let high = Math.ceil(to / 1000);
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(timeZone, middle * 1000) === offset) high = middle;
    else low = middle + 1;
  }
  return high * 1000;
}

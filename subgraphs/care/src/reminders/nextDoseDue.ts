import { wallClockAt } from './localClock';
import { zonedInstant } from './zonedInstant';

/**
 * The next instant strictly after `from` at which a dose is due: the earliest of the medication's
 * `scheduleTimes` ("HH:MM", local to `timeZone`, an IANA name) still ahead, today or on a later
 * local day. Pure. DST follows zonedInstant: a time skipped in spring is due at the switch,
 * a repeated time in autumn once, at its first occurrence. null when there is no schedule.
 */
export function nextDoseDue(scheduleTimes: readonly string[], timeZone: string, from: Date): Date | null {
  if (scheduleTimes.length === 0) return null;
  const today = wallClockAt(timeZone, from.getTime());
  let next: number | null = null;
  for (let offsetDays = 0; offsetDays <= 2 && next === null; offsetDays++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offsetDays));
    for (const time of scheduleTimes) {
      const [hour, minute] = time.split(':').map(Number);
      const wall = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour, minute };
      const due = zonedInstant(timeZone, wall);
      if (due > from.getTime() && (next === null || due < next)) next = due;
    }
  }
  return next === null ? null : new Date(next);
}

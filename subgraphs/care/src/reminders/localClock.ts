/** A wall-clock reading in some time zone, minutes resolution being all schedules need. */
export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's UTC offset in ms at `epochMs` (positive east of Greenwich), to the second. */
export function offsetAt(timeZone: string, epochMs: number): number {
  const seconds = Math.floor(epochMs / 1000) * 1000;
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(seconds).map((part) => [part.type, part.value]));
  const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return wall - seconds;
}

/** What a clock in `timeZone` shows at `epochMs`. */
export function wallClockAt(timeZone: string, epochMs: number): WallClock {
  const shifted = new Date(epochMs + offsetAt(timeZone, epochMs));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

import { nextDoseDue } from './nextDoseDue';

const at = (iso: string) => new Date(iso);
const next = (times: string[], zone: string, from: string) => nextDoseDue(times, zone, at(from))?.toISOString() ?? null;

describe('nextDoseDue (the dose scheduler)', () => {
  it('gives the next schedule time today, else the first one tomorrow, strictly after `from`', () => {
    expect(next(['08:00', '20:00'], 'UTC', '2026-06-10T07:59:00Z')).toBe('2026-06-10T08:00:00.000Z');
    expect(next(['08:00', '20:00'], 'UTC', '2026-06-10T08:00:00Z')).toBe('2026-06-10T20:00:00.000Z');
    expect(next(['08:00', '20:00'], 'UTC', '2026-06-10T20:00:00Z')).toBe('2026-06-11T08:00:00.000Z');
    expect(next(['23:59'], 'UTC', '2026-12-31T23:59:30Z')).toBe('2027-01-01T23:59:00.000Z');
  });

  it('reads the times on the recipient’s clock, including the local date', () => {
    // 21:00 on the 10th in New York (EDT, UTC-4) is already the 11th in UTC.
    expect(next(['08:00'], 'America/New_York', '2026-06-11T01:00:00Z')).toBe('2026-06-11T12:00:00.000Z');
    expect(next(['08:00'], 'Europe/London', '2026-06-10T06:30:00Z')).toBe('2026-06-10T07:00:00.000Z');
    expect(next(['08:00'], 'Asia/Kolkata', '2026-06-10T03:00:00Z')).toBe('2026-06-11T02:30:00.000Z');
  });

  it('keeps the local time across the spring switch (London, 29 March 2026)', () => {
    expect(next(['08:00'], 'Europe/London', '2026-03-28T08:00:00Z')).toBe('2026-03-29T07:00:00.000Z');
  });

  it('gives a time skipped in spring at the switch itself, the next valid instant (London 01:30, New York 02:30)', () => {
    expect(next(['01:30'], 'Europe/London', '2026-03-28T12:00:00Z')).toBe('2026-03-29T01:00:00.000Z'); // 02:00 BST
    expect(next(['02:30'], 'America/New_York', '2026-03-07T12:00:00Z')).toBe('2026-03-08T07:00:00.000Z'); // 03:00 EDT
    // Two times inside the gap fall on the same instant: one reminder, not two.
    expect(next(['01:15', '01:45', '09:00'], 'Europe/London', '2026-03-29T01:00:00Z')).toBe('2026-03-29T08:00:00.000Z');
  });

  it('gives a time repeated in autumn once, at its first occurrence (London 01:30, New York 01:30)', () => {
    expect(next(['01:30'], 'Europe/London', '2026-10-24T12:00:00Z')).toBe('2026-10-25T00:30:00.000Z'); // 01:30 BST
    expect(next(['01:30'], 'Europe/London', '2026-10-25T00:30:00Z')).toBe('2026-10-26T01:30:00.000Z'); // not again at 01:30 GMT
    expect(next(['01:30'], 'America/New_York', '2026-10-31T12:00:00Z')).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
    expect(next(['08:00'], 'America/New_York', '2026-11-01T05:30:00Z')).toBe('2026-11-01T13:00:00.000Z'); // 08:00 EST
  });

  it('has nothing to schedule without times', () => {
    expect(nextDoseDue([], 'UTC', new Date())).toBeNull();
  });
});

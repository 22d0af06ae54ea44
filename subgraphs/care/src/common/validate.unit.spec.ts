import { ValidationError } from '@caregraph/shared';
import { decodeCursor, encodeCursor, pageSize } from './cursor';
import { parseId, parsePastDate, parseTimeZone, parseScheduleTimes, requireNonNegative, requireText } from './validate';

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).details.field;
  }
  throw new Error('expected a ValidationError');
};

describe('care input validation', () => {
  it('accepts schedule times from 00:00 to 23:59, sorted and de-duplicated', () => {
    expect(parseScheduleTimes(['23:59', '00:00', '08:30', '08:30'])).toEqual(['00:00', '08:30', '23:59']);
  });

  it.each(['24:00', '12:60', '8:00', '08:00:00', ' 08:00', ''])('rejects the schedule time %p', (time) => {
    expect(fieldOf(() => parseScheduleTimes([time]))).toBe('scheduleTimes');
  });

  it('accepts past and present dates of birth and rejects future or impossible ones', () => {
    const today = new Date('2026-11-22T10:00:00Z');
    expect(parsePastDate('2026-11-22', 'dateOfBirth', today)).toBe('2026-11-22');
    expect(parsePastDate(null, 'dateOfBirth', today)).toBeUndefined();
    expect(fieldOf(() => parsePastDate('2026-11-23', 'dateOfBirth', today))).toBe('dateOfBirth');
    expect(fieldOf(() => parsePastDate('2023-02-29', 'dateOfBirth', today))).toBe('dateOfBirth');
    expect(fieldOf(() => parsePastDate('22/11/1950', 'dateOfBirth', today))).toBe('dateOfBirth');
  });

  it('accepts IANA time zones in their canonical spelling and rejects anything else on timeZone', () => {
    expect(parseTimeZone('Europe/London')).toBe('Europe/London');
    expect(parseTimeZone('utc')).toBe('UTC');
    expect(parseTimeZone(' America/New_York ')).toBe('America/New_York');
    for (const zone of ['Mars/Olympus', '', 'Europe/London; drop table']) expect(fieldOf(() => parseTimeZone(zone))).toBe('timeZone');
  });

  it('trims names and rejects blank ones, negative counts and malformed ids', () => {
    expect(requireText('  Rose ', 'name')).toBe('Rose');
    expect(fieldOf(() => requireText('  ', 'name'))).toBe('name');
    expect(requireNonNegative(0, 'supplyRemaining')).toBe(0);
    expect(fieldOf(() => requireNonNegative(-1, 'supplyRemaining'))).toBe('supplyRemaining');
    expect(parseId('1B4E28BA-2FA1-11D2-883F-0016D3CCA427', 'id')).toBe('1b4e28ba-2fa1-11d2-883f-0016d3cca427');
    expect(fieldOf(() => parseId("1' or '1'='1", 'id'))).toBe('id');
  });

  it('round-trips opaque cursors and rejects forged ones', () => {
    const position = { at: new Date('2026-11-22T10:30:00.123Z'), id: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    expect(fieldOf(() => decodeCursor('bm9wZQ'))).toBe('after');
    expect(pageSize(500)).toBe(100);
    expect(fieldOf(() => pageSize(0))).toBe('first');
  });
});

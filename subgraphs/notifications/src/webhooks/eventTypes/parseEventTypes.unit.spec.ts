import { circleEventBindings } from './circleEventTypes';
import { parseEventTypes, subscribesTo } from './parseEventTypes';

const refusal = (entries: string[]) => {
  try {
    parseEventTypes(entries);
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  throw new Error('accepted');
};

describe("a webhook's event types", () => {
  it('accepts known types and patterns naming their first word, trimmed and without repeats', () => {
    expect(parseEventTypes([' medication.logged', 'appointment.*', 'emergency.#', 'medication.logged'])).toEqual(['medication.logged', 'appointment.*', 'emergency.#']);
  });

  it('refuses an empty list, too many entries, unknown types and patterns that match nothing', () => {
    expect(refusal([])).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/at least one/) });
    expect(refusal(['  '])).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/at least one/) });
    expect(refusal(Array.from({ length: 21 }, (_, i) => `medication.x${i}`))).toMatchObject({ message: expect.stringMatching(/at most 20/) });
    expect(refusal(['medication.eaten'])).toMatchObject({ message: expect.stringMatching(/matches no event/) });
    expect(refusal(['pharmacy.*'])).toMatchObject({ message: expect.stringMatching(/matches no event/) });
  });

  it('refuses wildcards before the first word, a # other than last, and anything not a pattern', () => {
    for (const entry of ['#', '*.logged', 'medication.#.x', 'medication.#.#', 'Medication.logged', 'medication..x', 'medication.logged;drop', 'a'.repeat(101)]) {
      expect(refusal([entry])).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/neither an event type nor a pattern/) });
    }
  });

  it('never lets a webhook subscribe to notifications or user accounts', () => {
    for (const entry of ['notification.*', 'notification.created', 'notification.#', 'user.created']) {
      expect(refusal([entry])).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/private events/) });
    }
    expect(subscribesTo(['notification.created'], 'notification.created')).toBe(false);
  });

  it('matches events by type or pattern', () => {
    expect(subscribesTo(['medication.*'], 'medication.logged')).toBe(true);
    expect(subscribesTo(['medication.*'], 'appointment.confirmed')).toBe(false);
    expect(subscribesTo(['emergency.#'], 'emergency.alert.created')).toBe(true);
    expect(subscribesTo(['appointment.confirmed'], 'appointment.cancelled')).toBe(false);
  });

  it('binds the fan-out to every domain of the circle log and to none of the private ones', () => {
    const bindings = circleEventBindings();
    expect(bindings).toEqual(expect.arrayContaining(['medication.#', 'care_circle.#', 'booking.#', 'webhook.#']));
    expect(bindings.filter((binding) => /^(notification|user)\./.test(binding))).toEqual([]);
  });
});

import { topicMatches, ValidationError } from '@caregraph/shared';
import { circleEventTypes, isPrivateEventType } from './circleEventTypes';

export const MAX_WEBHOOK_EVENT_TYPES = 20;
const MAX_PATTERN_LENGTH = 100;
/** Words of a type, `*` for one word, and a last `#` for any rest: `medication.*`, `emergency.#`. */
const PATTERN = /^[a-z][a-z0-9_]*(\.([a-z][a-z0-9_]*|\*)){0,4}(\.#)?$/;

/**
 * The event types a webhook subscribes to, trimmed and without repeats: each one a known type
 * of the circle's log (circleEventTypes) or a topic pattern that names its first word and
 * matches at least one of them. A pattern has at most one `#`, at its end, so matching stays
 * linear. Never `notification.*` (each recipient's own) nor `user.*`. BAD_USER_INPUT on
 * `eventTypes` otherwise, naming the entry.
 */
export function parseEventTypes(raw: readonly string[]): string[] {
  const entries = [...new Set(raw.map((entry) => entry.trim()))];
  if (!entries.length || entries.every((entry) => !entry)) throw new ValidationError('eventTypes must name at least one event type.', 'eventTypes');
  if (entries.length > MAX_WEBHOOK_EVENT_TYPES) throw new ValidationError(`eventTypes may name at most ${MAX_WEBHOOK_EVENT_TYPES} types or patterns.`, 'eventTypes');
  for (const entry of entries) {
    const shown = JSON.stringify(entry.slice(0, MAX_PATTERN_LENGTH));
    if (entry.length > MAX_PATTERN_LENGTH || !PATTERN.test(entry)) {
      throw new ValidationError(`eventTypes: ${shown} is neither an event type nor a pattern such as "medication.*".`, 'eventTypes');
    }
    if (isPrivateEventType(entry)) throw new ValidationError(`eventTypes: ${shown} names private events, which no webhook receives.`, 'eventTypes');
    if (!circleEventTypes.some((type) => topicMatches(entry, type))) {
      throw new ValidationError(`eventTypes: ${shown} matches no event of a care circle's log.`, 'eventTypes');
    }
  }
  return entries;
}

/** Whether a webhook subscribed to `eventTypes` receives an event of `type`. */
export function subscribesTo(eventTypes: readonly string[], type: string): boolean {
  return !isPrivateEventType(type) && eventTypes.some((pattern) => topicMatches(pattern, type));
}

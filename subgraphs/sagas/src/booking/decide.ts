import type { CloudEvent } from '@caregraph/shared';
import type { BookingMessage } from './BookingMessage';
import type { BookingSettings, BookingState } from './BookingState';
import { bookingTransition } from './transitions/bookingTransition';

/** What the saga sends when `event` meets `state` (null before it starts): commands, events about itself, its deadline. Pure. */
export function decide(event: CloudEvent, state: BookingState | null, settings: BookingSettings): BookingMessage[] {
  return bookingTransition(state, event, settings).messages;
}

import type { CloudEvent } from '@caregraph/shared';
import type { BookingSettings, BookingState } from './BookingState';
import { bookingTransition } from './transitions/bookingTransition';

/** The saga's state after `event` (the same object when the event changes nothing). Pure. */
export function evolve(state: BookingState | null, event: CloudEvent, settings: BookingSettings): BookingState | null {
  return bookingTransition(state, event, settings).state;
}

import { ConcurrencyError, type CloudEvent } from '@caregraph/shared';
import type { BookingMessage } from '../BookingMessage';
import type { BookingState } from '../BookingState';

/** The saga's next state (the same object when nothing changed) and what it sends. */
export interface Transition {
  state: BookingState | null;
  messages: BookingMessage[];
}

export const unchanged = (state: BookingState | null, messages: BookingMessage[] = []): Transition => ({ state, messages });

/** A copy of `state` to change, and `note` to append a history step at the event's time. */
export function changing(state: BookingState, event: CloudEvent) {
  const next: BookingState = { ...state, history: [...state.history] };
  const note = (name: string, outcome: string): void => void next.history.push({ name, outcome, at: event.time });
  return { next, note };
}

/**
 * The appointment's saga. Missing means billing's event overtook the commit of the saga
 * (a copy, or a relay replay), so the runtime should retry.
 */
export function requireState(state: BookingState | null, appointmentId: string): BookingState {
  if (!state) throw new ConcurrencyError(`The booking saga of appointment ${appointmentId} is not committed yet; retry.`);
  return state;
}

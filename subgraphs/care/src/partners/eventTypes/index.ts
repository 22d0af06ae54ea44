import { appointmentConfirmed } from './appointmentConfirmed';
import type { PartnerEventType } from './PartnerEventType';
import { refillReady } from './refillReady';

export type { PartnerEventType } from './PartnerEventType';
export { partnerEvents } from './partnerEvents';

/** Every event type partners may be granted, by the name they send. */
// `never`: each type narrows its own data (checkEventData); the map only needs to name them.
export const partnerEventTypes: ReadonlyMap<string, PartnerEventType<never>> = new Map(
  [refillReady, appointmentConfirmed].map((type): [string, PartnerEventType<never>] => [type.name, type]),
);

import type { CloudEvent, Role } from '@caregraph/shared';
import type { NotificationChannel } from '../notifications/NotificationChannel';
import type { Priority } from '../notifications/Priority';

/**
 * Who a rule notifies: the members of the event's care circle holding a role, every member,
 * the actor (`causedby`), or the user whose id is in `event.data[dataField]`.
 */
export type RecipientSelector = { role: Role } | { actor: true } | { dataField: string } | 'ALL_MEMBERS';

export interface NotificationContent {
  title: string;
  body: string;
}

/** One line of the "notification rules" design: which events, who, how, how urgent, what text. */
export interface NotificationRule {
  /** For logs and tests, e.g. `emergency-alert`. */
  name: string;
  /** Routing-key patterns (`*` one word, `#` any), e.g. `emergency.alert.created`, `medication.*`. */
  eventTypes: string[];
  /** Further filter on the event (e.g. only MISSED or SKIPPED logs). Default: every matching event. */
  when?: (event: CloudEvent) => boolean;
  recipients: RecipientSelector[];
  /** The member who caused the event (`causedby`) is not told about their own act. */
  exceptActor?: boolean;
  channels: NotificationChannel[];
  priority: Priority;
  template: (event: CloudEvent) => NotificationContent;
}

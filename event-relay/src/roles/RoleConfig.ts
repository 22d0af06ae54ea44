import type { ConsumerDefinition, EventPubSub, Logger } from '@caregraph/shared';

/** The roles one event-relay process can run (`RELAY_ROLES`); each can also run as its own process. */
export const RELAY_ROLES = ['relay', 'audit', 'notifications', 'sagas', 'care', 'billing', 'webhooks'] as const;
export type RelayRole = (typeof RELAY_ROLES)[number];

/** What a consumer role gets to build its consumers. */
export interface RoleConfig {
  databaseUrl: string;
  /** CareGraphConfig.namespace. */
  namespace: string;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  /**
   * Live-event publisher (Redis, or in-process when embedded). After their commits, the audit role
   * announces the care-circle logs and revocations on it, the notifications role each recipient's
   * `notification.created`. Without it they only store.
   */
  pubsub?: Pick<EventPubSub, 'publish'>;
}

/** The consumers a role contributes, and how to release what it opened for them (an ORM). */
export interface RoleConsumers {
  consumers: ConsumerDefinition[];
  close(): Promise<void>;
}

/** Parses `RELAY_ROLES` (comma-separated; default every role), refusing unknown names. */
export function parseRelayRoles(value: string | undefined): Set<RelayRole> {
  const roles = (value ?? RELAY_ROLES.join(',')).split(',').map((role) => role.trim()).filter(Boolean);
  const unknown = roles.filter((role) => !(RELAY_ROLES as readonly string[]).includes(role));
  if (unknown.length) throw new Error(`Unknown RELAY_ROLES ${unknown.join(', ')}; known: ${RELAY_ROLES.join(', ')}.`);
  return new Set(roles as RelayRole[]);
}

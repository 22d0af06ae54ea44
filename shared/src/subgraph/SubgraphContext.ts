import type { EntityManager } from '@mikro-orm/postgresql';
import { CareCircleDirectory, type AuthUser, type CircleScope } from '../auth';
import { UnauthenticatedError } from '../errors';
import type { EventContext } from '../outbox';

/**
 * What every subgraph resolver gets: the verified caller (if any), a request-scoped
 * EntityManager fork, the caller's care-circle roles, and the facts to stamp on events.
 * Subgraphs extend it with their own per-request DataLoaders.
 */
export interface SubgraphContext {
  user?: AuthUser;
  /**
   * Set for a request under a scoped gateway credential: it reads this one circle with this role,
   * has no user, and cannot write (docs/adr/0009).
   */
  scope?: CircleScope;
  em: EntityManager;
  circles: CareCircleDirectory;
  correlationId: string;
  /**
   * The end client's address as the gateway saw it (first `X-Forwarded-For` entry of a request
   * that carries the gateway's credential), else the socket's peer address. For per-IP limits.
   */
  clientIp: string;
  /** for recordEvent: causedBy = the caller, plus correlation and trace ids */
  eventContext: EventContext;
}

/** The signed-in caller, or UNAUTHENTICATED. */
export function requireUser(context: { user?: AuthUser }): AuthUser {
  if (!context.user) throw new UnauthenticatedError();
  return context.user;
}

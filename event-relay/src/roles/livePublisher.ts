import type { LivePublisher } from '@caregraph/shared';
import type { RoleConfig } from './RoleConfig';

/** The role's pubsub as a consumer's `live` option (undefined without one). */
export function livePublisher({ pubsub, namespace }: RoleConfig): LivePublisher | undefined {
  return pubsub ? { publish: pubsub.publish.bind(pubsub), namespace } : undefined;
}

import { buildFederatedSchema } from '@caregraph/shared';
import type { GraphQLSchema } from 'graphql';
import type { NotificationsContext } from './common/NotificationsContext';
import { NotificationResolver } from './notifications/NotificationResolver';
import { referenceResolvers } from './referenceResolvers';
import { User } from './references/User';
import { WebhookResolver } from './webhooks/webhook/WebhookResolver';

/** The notifications subgraph's executable schema and SDL (for composition); needs no database. */
export function buildNotificationsSchema(): Promise<{ schema: GraphQLSchema; sdl: string }> {
  return buildFederatedSchema<NotificationsContext>({
    resolvers: [NotificationResolver, WebhookResolver],
    orphanedTypes: [User],
    referenceResolvers,
  });
}

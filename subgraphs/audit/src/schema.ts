import { buildFederatedSchema, type SubgraphContext } from '@caregraph/shared';
import type { GraphQLSchema } from 'graphql';
import { AuditLogResolver } from './auditLog/AuditLogResolver';
import { CircleLogResolver } from './circleLog/CircleLogResolver';
import { User } from './references/User';

/** The audit subgraph's executable schema and SDL (for composition); needs no database. */
export function buildAuditSchema(): Promise<{ schema: GraphQLSchema; sdl: string }> {
  return buildFederatedSchema<SubgraphContext>({ resolvers: [AuditLogResolver, CircleLogResolver], orphanedTypes: [User] });
}

import { buildFederatedSchema } from '@caregraph/shared';
import type { GraphQLSchema } from 'graphql';
import { CareRecipientResolver } from './careRecipients/CareRecipientResolver';
import type { CareContext } from './common/CareContext';
import { MedicationLogResolver } from './medications/MedicationLogResolver';
import { MedicationResolver } from './medications/MedicationResolver';
import { referenceResolvers } from './referenceResolvers';
import { CareCircle } from './references/CareCircle';
import { User } from './references/User';

/** The care subgraph's executable schema and SDL (for composition); needs no database. */
export function buildCareSchema(): Promise<{ schema: GraphQLSchema; sdl: string }> {
  return buildFederatedSchema<CareContext>({
    resolvers: [CareRecipientResolver, MedicationResolver, MedicationLogResolver],
    orphanedTypes: [User, CareCircle],
    referenceResolvers,
  });
}

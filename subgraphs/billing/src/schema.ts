import { buildFederatedSchema } from '@caregraph/shared';
import type { GraphQLSchema } from 'graphql';
import { AppointmentResolver } from './appointments/AppointmentResolver';
import { BillResolver } from './bills/BillResolver';
import type { BillingContext } from './common/BillingContext';
import { PaymentResolver } from './payments/PaymentResolver';
import { referenceResolvers } from './referenceResolvers';
import { CareCircle } from './references/CareCircle';

/** The billing subgraph's executable schema and SDL (for composition); needs no database. */
export function buildBillingSchema(): Promise<{ schema: GraphQLSchema; sdl: string }> {
  return buildFederatedSchema<BillingContext>({
    resolvers: [BillResolver, PaymentResolver, AppointmentResolver],
    orphanedTypes: [CareCircle],
    referenceResolvers,
  });
}

import { buildFederatedSchema } from '@caregraph/shared';
import type { GraphQLSchema } from 'graphql';
import { Appointment } from './booking/Appointment';
import { AppointmentBookingResolver, BookingSagaResolver } from './booking/BookingSagaResolver';
import type { SagasContext } from './SagasContext';

/** The sagas subgraph's executable schema and SDL (for composition); needs no database. */
export function buildSagasSchema(): Promise<{ schema: GraphQLSchema; sdl: string }> {
  return buildFederatedSchema<SagasContext>({
    resolvers: [AppointmentBookingResolver, BookingSagaResolver],
    orphanedTypes: [Appointment],
    // Any appointment id is a valid reference here; `booking` authorises and may be null.
    referenceResolvers: { Appointment: (reference) => Object.assign(new Appointment(), { id: reference.id }) },
  });
}

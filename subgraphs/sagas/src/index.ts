import 'reflect-metadata';
import { startSubgraph, type StartSubgraphOptions, type RunningServer } from '@caregraph/shared';
import { sagasEntities, sagasMigrations } from './entities';
import { extendSagasContext, type SagasContext } from './SagasContext';
import { buildSagasSchema } from './schema';

export { buildSagasSchema } from './schema';
export { sagasEntities, sagasMigrations } from './entities';
export { BookingSaga } from './booking/BookingSaga.entity';
export { SagaStatus } from './booking/SagaStatus';
export type { SagasContext } from './SagasContext';
export { bookingSagaConsumer, DEFAULT_PAYMENT_DEADLINE_MS, type BookingSagaOptions } from './booking/BookingSagaOrchestrator';
export { BookingEvents, REPLY_TYPES as BOOKING_REPLIES, SAGAS_SOURCE } from './booking/bookingEvents';
export { BookingStep } from './booking/BookingStep';
export { decide } from './booking/decide';
export { evolve } from './booking/evolve';
export type { BookingState, BookingSettings } from './booking/BookingState';
export type { BookingMessage } from './booking/BookingMessage';

/** Serves `Appointment.booking` from the `sagas` schema (applying its migrations first). */
export function startSagas(options: StartSubgraphOptions): Promise<RunningServer> {
  return startSubgraph<SagasContext>(
    { name: 'sagas', entities: sagasEntities, migrations: sagasMigrations, buildSchema: buildSagasSchema, extendContext: extendSagasContext },
    options,
  );
}

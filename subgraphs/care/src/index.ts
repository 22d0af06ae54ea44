import 'reflect-metadata';
import { startSubgraph, type RunningServer, type StartSubgraphOptions } from '@caregraph/shared';
import { extendCareContext, type CareContext } from './common/CareContext';
import { careEntities, careMigrations } from './entities';
import { buildCareSchema } from './schema';
import { appointmentReminderOffsets } from './reminders/appointmentReminderOffsets';
import { partnerIngestRoute, partnerSecretBox } from './partners';

export { buildCareSchema } from './schema';
export { careEntities, careMigrations } from './entities';
export { CARE_SOURCE, type CareContext } from './common/CareContext';
export { careCommandConsumer } from './commands/careCommandConsumer';
export { Appointment } from './appointments/Appointment.entity';
export { AppointmentStatus } from './appointments/AppointmentStatus';
export { APPOINTMENT_CURRENCY } from './appointments/scheduleAppointment';
export { partnerEvents, partnerEventTypes, PARTNER_HEADER, PARTNER_INGEST_PATH } from './partners';

export type StartCareOptions = StartSubgraphOptions;
export type RunningCare = RunningServer;

/** Opens the ORM on schema `care`, applies pending migrations and serves the subgraph. */
export function startCare(options: StartCareOptions): Promise<RunningCare> {
  appointmentReminderOffsets(); // rescheduleAppointment schedules reminders: a bad setting fails the start
  const partnerSecrets = partnerSecretBox(options.subgraphSecret);
  return startSubgraph<CareContext>(
    {
      name: 'care',
      entities: careEntities,
      migrations: careMigrations,
      buildSchema: buildCareSchema,
      extendContext: (base) => extendCareContext(base, { partnerSecrets }),
      routes: [partnerIngestRoute(partnerSecrets)],
    },
    options,
  );
}

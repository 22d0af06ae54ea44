import 'reflect-metadata';
import { createLogger, createOrm, migrateUp, serveSubgraph, type Logger } from '@caregraph/shared';
import { extendCareContext, type CareContext } from './common/CareContext';
import { careEntities, careMigrations } from './entities';
import { buildCareSchema } from './schema';

export { buildCareSchema } from './schema';
export { careEntities, careMigrations } from './entities';
export { CARE_SOURCE, type CareContext } from './common/CareContext';
export { confirmAppointment, type ConfirmAppointmentCommand } from './appointments/confirmAppointment';
export { cancelAppointmentBySystem, type CancelAppointmentBySystemCommand } from './appointments/cancelAppointmentBySystem';
export { Appointment } from './appointments/Appointment.entity';
export { AppointmentStatus } from './appointments/AppointmentStatus';
export { APPOINTMENT_CURRENCY } from './appointments/scheduleAppointment';

export interface StartCareOptions {
  databaseUrl: string;
  /** 0 picks a free port. */
  port: number;
  jwtSecret: string;
  logger?: Logger;
  host?: string;
}

export interface RunningCare {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Opens the ORM on schema `care`, applies pending migrations and serves the subgraph. */
export async function startCare(options: StartCareOptions): Promise<RunningCare> {
  const logger = options.logger ?? createLogger('care');
  const orm = await createOrm({ clientUrl: options.databaseUrl, schema: 'care', entities: careEntities, migrations: careMigrations });
  try {
    const applied = await migrateUp(orm);
    if (applied.length) logger.info({ applied }, 'care migrations applied');
    const { schema } = await buildCareSchema();
    const server = await serveSubgraph<CareContext>({
      name: 'care',
      schema,
      orm,
      port: options.port,
      host: options.host,
      jwtSecret: options.jwtSecret,
      logger,
      extendContext: extendCareContext,
    });
    return {
      url: server.url,
      port: server.port,
      stop: async () => {
        await server.stop();
        await orm.close();
      },
    };
  } catch (error) {
    await orm.close();
    throw error;
  }
}

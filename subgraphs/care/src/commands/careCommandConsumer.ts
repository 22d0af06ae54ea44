import { commandConsumer, type ConsumerDefinition, type EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { cancelAppointmentBySystem } from '../appointments/cancelAppointmentBySystem';
import { confirmAppointment } from '../appointments/confirmAppointment';
import { CARE_SOURCE } from '../common/CareContext';
import type { CareCommands, CareCommandType } from '../contracts';

type Handlers = { [K in CareCommandType]: (data: CareCommands[K], em: EntityManager, context: EventContext) => Promise<unknown> };

/** The commands care owns (contracts/CareCommands) on queue `care.commands`; replies are care's events (ADR 0010). */
export function careCommandConsumer(options: { em: EntityManager }): ConsumerDefinition {
  const handlers: Handlers = {
    'care.confirm_appointment': (data, em, context) => confirmAppointment(em, { appointmentId: data.appointmentId, causationId: context.causationId }),
    'care.cancel_appointment': (data, em, context) => cancelAppointmentBySystem(em, { appointmentId: data.appointmentId, reason: data.reason, causationId: context.causationId }),
  };
  return commandConsumer({ owner: 'care', source: CARE_SOURCE, em: options.em, handlers: handlers as never });
}

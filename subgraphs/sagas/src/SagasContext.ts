import { isUuid, type SubgraphContext } from '@caregraph/shared';
import DataLoader from 'dataloader';
import { BookingSaga } from './booking/BookingSaga.entity';

/** The sagas subgraph's request context: the shared one plus per-request loaders. */
export interface SagasContext extends SubgraphContext {
  loaders: { bookingByAppointment: DataLoader<string, BookingSaga | null> };
}

export function extendSagasContext(base: SubgraphContext): SagasContext {
  return {
    ...base,
    loaders: {
      bookingByAppointment: new DataLoader(async (appointmentIds) => {
        const ids = appointmentIds.filter(isUuid);
        const sagas = ids.length ? await base.em.find(BookingSaga, { appointmentId: { $in: ids } }) : [];
        const byAppointment = new Map(sagas.map((saga) => [saga.appointmentId, saga]));
        return appointmentIds.map((id) => byAppointment.get(id) ?? null);
      }),
    },
  };
}

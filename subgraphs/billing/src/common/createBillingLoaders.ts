import { isUuid } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { Bill } from '../bills/Bill.entity';
import { Payment } from '../payments/Payment.entity';

export interface BillingLoaders {
  bill: DataLoader<string, Bill | null>;
  billByAppointment: DataLoader<string, Bill | null>;
  paymentsByBill: DataLoader<string, Payment[]>;
}

/** Keeps only well-formed ids, lower-cased, so a malformed one never reaches SQL. */
const validIds = (ids: readonly string[]) => [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];

/** Fresh loaders per request, so nothing is cached across callers. */
export function createBillingLoaders(em: EntityManager): BillingLoaders {
  return {
    bill: new DataLoader(async (ids) => {
      const valid = validIds(ids);
      const rows = valid.length ? await em.find(Bill, { id: { $in: valid } }) : [];
      const found = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => found.get(id.toLowerCase()) ?? null);
    }),
    billByAppointment: new DataLoader(async (appointmentIds) => {
      const valid = validIds(appointmentIds);
      const rows = valid.length ? await em.find(Bill, { appointmentId: { $in: valid } }) : [];
      const found = new Map(rows.map((row) => [row.appointmentId!, row]));
      return appointmentIds.map((id) => found.get(id.toLowerCase()) ?? null);
    }),
    paymentsByBill: new DataLoader(async (billIds) => {
      const rows = await em.find(Payment, { billId: { $in: [...billIds] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
      return billIds.map((id) => rows.filter((row) => row.billId === id));
    }),
  };
}

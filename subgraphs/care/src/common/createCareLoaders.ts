import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { CareRecipient } from '../careRecipients/CareRecipient.entity';
import { Medication } from '../medications/Medication.entity';
import { MedicationLog } from '../medications/MedicationLog.entity';
import { isUuid } from './validate';

export interface CareLoaders {
  careRecipient: DataLoader<string, CareRecipient | null>;
  medication: DataLoader<string, Medication | null>;
  medicationLog: DataLoader<string, MedicationLog | null>;
  medicationsByRecipient: DataLoader<string, Medication[]>;
}

type Entity = typeof CareRecipient | typeof Medication | typeof MedicationLog;

/** Batches by id; a malformed id resolves to null instead of reaching SQL. */
function byId<T extends Entity>(em: EntityManager, entity: T): DataLoader<string, InstanceType<T> | null> {
  return new DataLoader(async (ids) => {
    const valid = ids.filter(isUuid).map((id) => id.toLowerCase());
    const rows = valid.length ? ((await em.find(entity, { id: { $in: valid } } as never)) as InstanceType<T>[]) : [];
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id.toLowerCase()) ?? null);
  });
}

/** Fresh loaders per request, so nothing is cached across callers. */
export function createCareLoaders(em: EntityManager): CareLoaders {
  return {
    careRecipient: byId(em, CareRecipient),
    medication: byId(em, Medication),
    medicationLog: byId(em, MedicationLog),
    medicationsByRecipient: new DataLoader(async (recipientIds) => {
      const rows = await em.find(Medication, { careRecipientId: { $in: [...recipientIds] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
      return recipientIds.map((id) => rows.filter((row) => row.careRecipientId === id));
    }),
  };
}

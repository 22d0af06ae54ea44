import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { Appointment } from '../appointments/Appointment.entity';
import { CareRecipient } from '../careRecipients/CareRecipient.entity';
import { AlertStatus } from '../emergencyAlerts/AlertStatus';
import { EmergencyAlert } from '../emergencyAlerts/EmergencyAlert.entity';
import { Medication } from '../medications/Medication.entity';
import { MedicationLog } from '../medications/MedicationLog.entity';
import { Shift } from '../shifts/Shift.entity';
import { TimelineEntry } from '../timeline/TimelineEntry.entity';
import { pagedLoader, type Page, type PageKey } from './pagedLoader';
import { isUuid } from './validate';

/** Which alerts of a recipient: all of them (status null) or those with one status. */
export interface AlertsKey {
  careRecipientId: string;
  status: AlertStatus | null;
}

export interface CareLoaders {
  careRecipient: DataLoader<string, CareRecipient | null>;
  medication: DataLoader<string, Medication | null>;
  medicationLog: DataLoader<string, MedicationLog | null>;
  appointment: DataLoader<string, Appointment | null>;
  emergencyAlert: DataLoader<string, EmergencyAlert | null>;
  shift: DataLoader<string, Shift | null>;
  medicationsByRecipient: DataLoader<string, Medication[]>;
  /** Oldest first (createdAt, then id). */
  recipientsByCircle: DataLoader<string, CareRecipient[]>;
  /** Newest first (loggedAt, then id). */
  logsByMedication: DataLoader<PageKey, Page<MedicationLog>, string>;
  /** Soonest first (startsAt, then id). */
  appointmentsByRecipient: DataLoader<PageKey, Page<Appointment>, string>;
  /** Newest first (createdAt, then id). */
  timelineByRecipient: DataLoader<PageKey, Page<TimelineEntry>, string>;
  /** Newest first (raisedAt, then id). */
  alertsByRecipient: DataLoader<AlertsKey, EmergencyAlert[], string>;
}

type Entity = typeof CareRecipient | typeof Medication | typeof MedicationLog | typeof Appointment | typeof EmergencyAlert | typeof Shift;

/** Batches by id; a malformed id resolves to null instead of reaching SQL. */
function byId<T extends Entity>(em: EntityManager, entity: T): DataLoader<string, InstanceType<T> | null> {
  return new DataLoader(async (ids) => {
    const valid = ids.filter(isUuid).map((id) => id.toLowerCase());
    const rows = valid.length ? ((await em.find(entity, { id: { $in: valid } } as never)) as InstanceType<T>[]) : [];
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id.toLowerCase()) ?? null);
  });
}

/** One query for every recipient asked about in a tick; the status filter is applied per key. */
function alertsByRecipient(em: EntityManager): DataLoader<AlertsKey, EmergencyAlert[], string> {
  return new DataLoader(
    async (keys) => {
      const recipientIds = [...new Set(keys.map((key) => key.careRecipientId))];
      const rows = await em.find(EmergencyAlert, { careRecipientId: { $in: recipientIds } }, { orderBy: { raisedAt: 'desc', id: 'desc' } });
      return keys.map((key) => rows.filter((row) => row.careRecipientId === key.careRecipientId && (!key.status || row.status === key.status)));
    },
    { cacheKeyFn: (key) => `${key.careRecipientId}|${key.status ?? ''}` },
  );
}

/** Fresh loaders per request, so nothing is cached across callers. */
export function createCareLoaders(em: EntityManager): CareLoaders {
  return {
    careRecipient: byId(em, CareRecipient),
    medication: byId(em, Medication),
    medicationLog: byId(em, MedicationLog),
    appointment: byId(em, Appointment),
    emergencyAlert: byId(em, EmergencyAlert),
    shift: byId(em, Shift),
    medicationsByRecipient: new DataLoader(async (recipientIds) => {
      const rows = await em.find(Medication, { careRecipientId: { $in: [...recipientIds] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
      return recipientIds.map((id) => rows.filter((row) => row.careRecipientId === id));
    }),
    recipientsByCircle: new DataLoader(async (circleIds) => {
      const ids = circleIds.filter(isUuid);
      const rows = ids.length ? await em.find(CareRecipient, { careCircleId: { $in: ids } }, { orderBy: { createdAt: 'asc', id: 'asc' } }) : [];
      return circleIds.map((id) => rows.filter((row) => row.careCircleId === id));
    }),
    logsByMedication: pagedLoader(em, { entity: MedicationLog, table: 'medication_log', parentColumn: 'medication_id', orderColumn: 'logged_at', direction: 'desc' }),
    appointmentsByRecipient: pagedLoader(em, { entity: Appointment, table: 'appointment', parentColumn: 'care_recipient_id', orderColumn: 'starts_at', direction: 'asc' }),
    timelineByRecipient: pagedLoader(em, { entity: TimelineEntry, table: 'timeline_entry', parentColumn: 'care_recipient_id', orderColumn: 'created_at', direction: 'desc' }),
    alertsByRecipient: alertsByRecipient(em),
  };
}

import { inboxMigration, outboxCancelMigration, outboxIndexesMigration } from '@caregraph/shared';
import { Appointment } from './appointments/Appointment.entity';
import { CareRecipient } from './careRecipients/CareRecipient.entity';
import { EmergencyAlert } from './emergencyAlerts/EmergencyAlert.entity';
import { Medication } from './medications/Medication.entity';
import { MedicationLog } from './medications/MedicationLog.entity';
import { Migration0001Initial } from './migrations/Migration0001Initial';
import { Migration0002AppointmentsAlertsShiftsTimeline } from './migrations/Migration0002AppointmentsAlertsShiftsTimeline';
import { Migration0006RecipientTimeZone } from './migrations/Migration0006RecipientTimeZone';
import { Migration0007MedicationReminders } from './migrations/Migration0007MedicationReminders';
import { Migration0008Partners } from './migrations/Migration0008Partners';
import { Partner } from './partners/Partner.entity';
import { Shift } from './shifts/Shift.entity';
import { TimelineEntry } from './timeline/TimelineEntry.entity';

/** Every entity the care schema owns (the outbox is added by createOrm). */
export const careEntities = [CareRecipient, Medication, MedicationLog, Appointment, EmergencyAlert, Shift, TimelineEntry, Partner];

/** Migrations in order. */
export const careMigrations = [
  { name: 'Migration0001Initial', class: Migration0001Initial },
  { name: 'Migration0002AppointmentsAlertsShiftsTimeline', class: Migration0002AppointmentsAlertsShiftsTimeline },
  outboxIndexesMigration('care', 'Migration0003OutboxIndexes'),
  // The inbox of its command consumer (ADR 0010).
  inboxMigration('care', 'Migration0004CommandInbox'),
  outboxCancelMigration('care', 'Migration0005OutboxCancel'),
  { name: 'Migration0006RecipientTimeZone', class: Migration0006RecipientTimeZone },
  { name: 'Migration0007MedicationReminders', class: Migration0007MedicationReminders },
  { name: 'Migration0008Partners', class: Migration0008Partners },
];

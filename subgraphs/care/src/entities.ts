import { CareRecipient } from './careRecipients/CareRecipient.entity';
import { Medication } from './medications/Medication.entity';
import { MedicationLog } from './medications/MedicationLog.entity';
import { Migration0001Initial } from './migrations/Migration0001Initial';

/** Every entity the care schema owns (the outbox is added by createOrm). */
export const careEntities = [CareRecipient, Medication, MedicationLog];

/** Migrations in order. */
export const careMigrations = [{ name: 'Migration0001Initial', class: Migration0001Initial }];

import { registerEnumType } from 'type-graphql';

export enum MedicationLogStatus {
  GIVEN = 'GIVEN',
  SKIPPED = 'SKIPPED',
  MISSED = 'MISSED',
}

registerEnumType(MedicationLogStatus, { name: 'MedicationLogStatus' });

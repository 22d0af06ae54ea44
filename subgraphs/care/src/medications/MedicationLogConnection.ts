import { connectionOf } from '@caregraph/shared';
import { ObjectType } from 'type-graphql';
import { MedicationLog } from './MedicationLog.entity';

/** Relay connection of a medication's logs, newest first. */
@ObjectType()
export class MedicationLogConnection extends connectionOf(MedicationLog, 'MedicationLog') {}

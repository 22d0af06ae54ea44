import { connectionOf } from '@caregraph/shared';
import { ObjectType } from 'type-graphql';
import { AuditEntry } from '../store/AuditEntry.entity';

/** Relay connection of audit entries, newest first. */
@ObjectType()
export class AuditConnection extends connectionOf(AuditEntry, 'Audit') {}

import { Entity, Enum, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLDateTime } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { MedicationLogStatus } from './MedicationLogStatus';

/** One dose given, skipped or missed. Recipient and circle ids are denormalised from the medication. */
@Entity({ tableName: 'medication_log' })
@Index({ properties: ['medicationId', 'loggedAt', 'id'] })
@ObjectType()
@Directive('@key(fields: "id")')
export class MedicationLog {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'uuid' })
  medicationId!: string;

  @Property({ type: 'uuid' })
  careRecipientId!: string;

  @Property({ type: 'uuid' })
  careCircleId!: string;

  @Enum({ items: () => MedicationLogStatus, type: 'text' })
  @Field(() => MedicationLogStatus)
  status!: MedicationLogStatus;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  note?: string | null;

  /** identity's User id; exposed as the `loggedBy: User!` reference. */
  @Property({ type: 'uuid' })
  loggedById!: string;

  @Property({ type: 'timestamptz' })
  @Field(() => GraphQLDateTime)
  loggedAt: Date & Opt = new Date();
}

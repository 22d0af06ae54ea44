import { Entity, Index, type Opt, Property } from '@mikro-orm/core';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { RecipientRecord } from '../common/RecipientRecord';

/**
 * A caregiver's check-in (startedAt) and check-out (endedAt) with a care recipient. The
 * partial unique index `shift_one_open_per_caregiver_and_recipient` allows one open shift per
 * caregiver and recipient.
 */
@Entity({ tableName: 'shift' })
@Index({ properties: ['careRecipientId'] })
@ObjectType()
export class Shift extends RecipientRecord {
  /** identity's User id; exposed as `caregiver: User!`. */
  @Property({ type: 'uuid' })
  caregiverId!: string;

  @Property({ type: 'timestamptz' })
  @Field(() => GraphQLDateTime)
  startedAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => GraphQLDateTime, { nullable: true })
  endedAt?: Date | null;
}

import { Entity, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';

/**
 * A caregiver's check-in (startedAt) and check-out (endedAt) with a care recipient. The
 * partial unique index `shift_one_open_per_caregiver_and_recipient` allows one open shift per
 * caregiver and recipient.
 */
@Entity({ tableName: 'shift' })
@Index({ properties: ['careRecipientId'] })
@ObjectType()
export class Shift {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'uuid' })
  careRecipientId!: string;

  @Property({ type: 'uuid' })
  careCircleId!: string;

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

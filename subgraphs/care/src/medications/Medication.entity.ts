import { ArrayType, Entity, Index, type Opt, Property } from '@mikro-orm/core';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { RecipientRecord } from '../common/RecipientRecord';

/** A medicine given to a care recipient, with its remaining supply. careCircleId is denormalised for authorisation. */
@Entity({ tableName: 'medication' })
@Index({ properties: ['careRecipientId'] })
@ObjectType()
@Directive('@key(fields: "id")')
export class Medication extends RecipientRecord {
  @Property({ type: 'text' })
  @Field()
  name!: string;

  @Property({ type: 'text' })
  @Field()
  dosage!: string;

  /** "HH:MM" local times, sorted. */
  @Property({ type: ArrayType, columnType: 'text[]' })
  @Field(() => [String])
  scheduleTimes!: string[];

  @Property({ type: 'integer' })
  @Field(() => Int)
  supplyRemaining!: number;

  @Property({ type: 'integer' })
  @Field(() => Int)
  refillThreshold!: number;

  /** When the pending `care.remind_dose` is due; a reminder for any other time is stale. Null once stopped. */
  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the next dose is due (its medication.due reminder); null without schedule times or once stopped.' })
  nextDoseAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was stopped (stopMedication); null while active.' })
  stoppedAt?: Date | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}

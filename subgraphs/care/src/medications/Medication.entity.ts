import { ArrayType, Entity, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

/** A medicine given to a care recipient, with its remaining supply. careCircleId is denormalised for authorisation. */
@Entity({ tableName: 'medication' })
@Index({ properties: ['careRecipientId'] })
@ObjectType()
@Directive('@key(fields: "id")')
export class Medication {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'uuid' })
  careRecipientId!: string;

  @Property({ type: 'uuid' })
  careCircleId!: string;

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

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}

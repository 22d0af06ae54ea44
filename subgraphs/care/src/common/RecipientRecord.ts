import { PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';

/**
 * What every per-recipient record of care carries: its id, and the recipient and care circle
 * it belongs to (the circle denormalised, so authorisation needs no join). Entities extend it;
 * it is no entity or GraphQL type of its own (nothing names it).
 */
@ObjectType()
export abstract class RecipientRecord {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'uuid' })
  careRecipientId!: string;

  @Property({ type: 'uuid' })
  careCircleId!: string;
}

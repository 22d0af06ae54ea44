import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';

/** One thing the saga did or saw, in order: `bill.requested` → `requested`, `payment` → `failed`, … */
@ObjectType()
export class SagaStep {
  @Field()
  name!: string;

  @Field()
  outcome!: string;

  @Field(() => GraphQLDateTime)
  at!: Date;
}

/** How a step is stored in the saga's `history` jsonb column. */
export interface StoredSagaStep {
  name: string;
  outcome: string;
  at: string;
}

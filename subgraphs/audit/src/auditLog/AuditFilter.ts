import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class AuditFilter {
  @Field(() => ID)
  careCircleId!: string;

  @Field(() => ID, { nullable: true })
  aggregateId?: string | null;

  /** Exact event types or topic patterns ("medication.*", "emergency.#"); any of them matches. */
  @Field(() => [String], { nullable: true })
  types?: string[] | null;

  /** occurredAt ≥ since */
  @Field(() => GraphQLDateTime, { nullable: true })
  since?: Date | null;

  /** occurredAt < until */
  @Field(() => GraphQLDateTime, { nullable: true })
  until?: Date | null;
}

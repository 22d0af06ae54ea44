import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { connectionOf } from '@caregraph/shared';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { User } from '../references/User';

/**
 * One event of a care circle's log. The same value type as the `careCircleEvents`
 * subscription streams (declared, shareable, in the events subgraph too), so a subscriber can
 * resume from either's `cursor`.
 */
@ObjectType('DomainEvent')
@Directive('@shareable')
export class DomainEvent {
  @Field(() => ID)
  id!: string;

  @Field()
  type!: string;

  @Field(() => GraphQLDateTime)
  occurredAt!: Date;

  @Field(() => ID)
  careCircleId!: string;

  @Field(() => String, { nullable: true })
  subject?: string | null;

  /** The user who caused it; identity resolves the rest. */
  @Field(() => User, { nullable: true })
  actor?: User | null;

  @Field(() => ID, { nullable: true, description: 'The id of the user who caused it (null for system events).' })
  actorId?: string | null;

  @Field(() => GraphQLJSON)
  data!: Record<string, unknown>;

  @Field(() => Int, { description: "The event's number in its care circle's log: 1, 2, 3… with no gaps." })
  sequence!: number;

  @Field({ description: 'Opaque; pass it as `after` to careCircleEventLog or careCircleEvents to resume after this event.' })
  cursor!: string;
}

/** Relay connection of a circle's events, oldest first. */
@ObjectType()
export class DomainEventConnection extends connectionOf(DomainEvent, 'DomainEvent') {}

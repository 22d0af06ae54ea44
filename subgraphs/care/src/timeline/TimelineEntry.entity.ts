import { Entity, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';

/** One line of a care recipient's history; kind is the event type that caused it. */
@Entity({ tableName: 'timeline_entry' })
@Index({ properties: ['careRecipientId', 'createdAt', 'id'] })
@ObjectType()
export class TimelineEntry {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'uuid' })
  careRecipientId!: string;

  @Property({ type: 'uuid' })
  careCircleId!: string;

  @Property({ type: 'text' })
  @Field()
  kind!: string;

  @Property({ type: 'text' })
  @Field()
  text!: string;

  /** identity's User id; exposed as `author: User!`. */
  @Property({ type: 'uuid' })
  authorId!: string;

  @Property({ type: 'timestamptz' })
  @Field(() => GraphQLDateTime)
  createdAt: Date & Opt = new Date();
}

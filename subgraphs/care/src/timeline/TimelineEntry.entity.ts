import { Entity, Index, type Opt, Property } from '@mikro-orm/core';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { RecipientRecord } from '../common/RecipientRecord';

/** One line of a care recipient's history; kind is the event type that caused it. */
@Entity({ tableName: 'timeline_entry' })
@Index({ properties: ['careRecipientId', 'createdAt', 'id'] })
@ObjectType()
export class TimelineEntry extends RecipientRecord {
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

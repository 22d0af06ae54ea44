import { ArrayType, Entity, Enum, Index, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { GraphQLDateTime } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { NotificationChannel } from './NotificationChannel';
import { Priority } from './Priority';

/**
 * One person told about one event. Unique per (recipient, event id), so a redelivered event
 * never notifies anyone twice. recipientId and careCircleId refer to identity (no FK across schemas).
 */
@Entity({ tableName: 'notification' })
@Unique({ properties: ['recipientId', 'eventId'] })
@Index({ properties: ['recipientId', 'createdAt', 'id'] })
@ObjectType()
@Directive('@key(fields: "id")')
export class Notification {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  /** identity's User id; exposed as the `recipient: User!` reference. */
  @Property({ type: 'uuid' })
  recipientId!: string;

  @Property({ type: 'uuid', nullable: true })
  careCircleId?: string | null;

  @Property({ type: 'text' })
  @Field()
  title!: string;

  @Property({ type: 'text' })
  @Field()
  body!: string;

  @Enum({ items: () => Priority, type: 'text' })
  @Field(() => Priority)
  priority!: Priority;

  @Property({ type: ArrayType, columnType: 'text[]' })
  @Field(() => [NotificationChannel])
  channels!: NotificationChannel[];

  /** The CloudEvent that caused it (text: CloudEvents ids need not be uuids). */
  @Property({ type: 'text' })
  @Field(() => ID)
  eventId!: string;

  @Property({ type: 'text' })
  @Field()
  eventType!: string;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => GraphQLDateTime, { nullable: true })
  readAt?: Date | null;

  @Property({ type: 'timestamptz' })
  @Field(() => GraphQLDateTime)
  createdAt: Date & Opt = new Date();
}

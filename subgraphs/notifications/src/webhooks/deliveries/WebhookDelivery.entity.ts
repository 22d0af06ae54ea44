import { Entity, Enum, Index, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DeliveryStatus } from './DeliveryStatus';

/**
 * One event for one webhook: what is sent (the CloudEvent as published, `body`) and how its
 * attempts went so far. Each attempt is also kept in `webhook_delivery_attempt`
 * (recordDeliveryAttempt). Unique per (webhook, event): a redelivered event is sent once.
 */
@Entity({ tableName: 'webhook_delivery' })
@Unique({ properties: ['webhookId', 'eventId'] })
@Index({ properties: ['webhookId', 'createdAt', 'id'] })
@ObjectType()
export class WebhookDelivery {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'uuid' })
  webhookId!: string;

  /** The CloudEvent's id: also the `webhook-id` header, the receiver's idempotency key. */
  @Property({ type: 'text' })
  @Field(() => ID)
  eventId!: string;

  @Property({ type: 'text' })
  @Field()
  eventType!: string;

  /** The request body: the CloudEvent as JSON. */
  @Property({ type: 'text', lazy: true })
  body!: string;

  @Enum({ items: () => DeliveryStatus, type: 'text' })
  @Field(() => DeliveryStatus)
  status: DeliveryStatus & Opt = DeliveryStatus.PENDING;

  @Property({ type: 'int' })
  @Field(() => Int)
  attempts: number & Opt = 0;

  @Property({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true })
  lastStatusCode?: number | null;

  @Property({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true })
  latencyMs?: number | null;

  /** Why the last attempt failed (timeout, refused address, `HTTP 500: …`); not in the API. */
  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => GraphQLDateTime, { nullable: true })
  nextAttemptAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => GraphQLDateTime, { nullable: true })
  deliveredAt?: Date | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}

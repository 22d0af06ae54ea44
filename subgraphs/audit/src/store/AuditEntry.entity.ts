import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import type { CloudEvent } from '@caregraph/shared';

/**
 * One stored CloudEvent (`audit.events`). Read-only for the ORM: rows are only ever inserted
 * by `appendToAuditLog` (insert-if-absent) and a database trigger refuses UPDATE and DELETE.
 */
@Entity({ tableName: 'events', readonly: true })
@ObjectType('AuditEntry')
export class AuditEntry {
  /** Global append order (bigserial, as a string); the cursor of `auditLog`. */
  @Property({ type: 'bigint' })
  position!: string;

  /** The CloudEvent id. */
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'text' })
  @Field()
  type!: string;

  @Property({ type: 'text' })
  @Field()
  source!: string;

  /** The aggregate id. */
  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  subject?: string | null;

  @Property({ type: 'text' })
  @Field()
  aggregateType!: string;

  /** = subject */
  @Property({ type: 'text', nullable: true })
  aggregateId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  @Field(() => ID, { nullable: true })
  careCircleId?: string | null;

  /** The CloudEvent's `causedby`; exposed as the `actor: User` reference. */
  @Property({ type: 'text', nullable: true })
  actorId?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  correlationId?: string | null;

  @Property({ type: 'text', nullable: true })
  causationId?: string | null;

  /** The CloudEvent's `time`. */
  @Property({ type: 'timestamptz' })
  @Field(() => GraphQLDateTime)
  occurredAt!: Date;

  @Property({ type: 'timestamptz' })
  recordedAt!: Date;

  @Property({ type: 'json' })
  @Field(() => GraphQLJSON)
  data!: Record<string, unknown>;

  /** The whole CloudEvent as received. */
  @Property({ type: 'json' })
  event!: CloudEvent;
}

import { ArrayType, Entity, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';

/**
 * An OWNER's subscription of an outside URL to some of their care circle's events. The secret
 * signs every delivery; it is shown once, at registration, and never served again.
 * careCircleId and createdBy refer to identity (no FK across schemas).
 */
@Entity({ tableName: 'webhook' })
@Index({ properties: ['careCircleId', 'createdAt'] })
@ObjectType()
export class Webhook {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'uuid' })
  careCircleId!: string;

  @Property({ type: 'text' })
  @Field()
  url!: string;

  /** Event types and topic patterns (`medication.*`), checked by parseEventTypes. */
  @Property({ type: ArrayType, columnType: 'text[]' })
  @Field(() => [String])
  eventTypes!: string[];

  /** `whsec_` + base64: the HMAC key of the deliveries' signatures. */
  @Property({ type: 'text', lazy: true })
  secret!: string;

  @Property({ type: 'uuid' })
  createdBy!: string;

  @Property({ type: 'timestamptz' })
  @Field(() => GraphQLDateTime)
  createdAt: Date & Opt = new Date();
}

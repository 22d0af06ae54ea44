import { ArrayType, Entity, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';

/**
 * A system outside CareGraph (a pharmacy, a clinic) allowed to send signed events of some
 * types into one care circle (`POST /ingest/events`, docs/adr/0013). Its signing secret is kept
 * sealed (SecretBox) and never leaves the subgraph after registerPartner returned it.
 */
@Entity({ tableName: 'partner' })
@Index({ properties: ['careCircleId'] })
@ObjectType()
export class Partner {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'uuid' })
  careCircleId!: string;

  @Property({ type: 'text' })
  @Field()
  name!: string;

  /** The partner event types it may send (`pharmacy.refill_ready`), sorted. */
  @Property({ type: ArrayType, columnType: 'text[]' })
  @Field(() => [String])
  eventTypes!: string[];

  /** The `whsec_` secret, sealed with the partner SecretBox; no GraphQL field. */
  @Property({ type: 'text', lazy: true })
  sealedSecret!: string;

  @Property({ type: 'uuid' })
  registeredById!: string;

  @Property({ type: 'timestamptz' })
  @Field(() => GraphQLDateTime)
  createdAt: Date & Opt = new Date();
}

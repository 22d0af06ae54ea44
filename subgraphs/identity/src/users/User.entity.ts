import { randomUUID } from 'node:crypto';
import { Entity, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { DateTimeResolver } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * A person who signed up. `email` and `careCircles` are guarded fields, resolved by
 * UserResolver; the password hash never leaves this subgraph.
 */
@ObjectType('User')
@Directive('@key(fields: "id")')
@Entity({ tableName: 'users' })
export class User {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  /** Stored trimmed and lower-cased (see normaliseEmail). */
  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'text', hidden: true })
  passwordHash!: string;

  @Field()
  @Property({ type: 'text' })
  displayName!: string;

  @Field(() => DateTimeResolver)
  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}

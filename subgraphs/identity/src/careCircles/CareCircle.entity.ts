import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, Opt, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { DateTimeResolver } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { User } from '../users/User.entity';

/**
 * A group of people caring for one relative. Only its members ever get a CareCircle
 * object (every path that returns one checks membership first), so its fields need no
 * further checks.
 */
@ObjectType('CareCircle')
@Directive('@key(fields: "id")')
@Entity({ tableName: 'care_circles' })
export class CareCircle {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @ManyToOne(() => User, { ref: true })
  createdBy!: Ref<User>;

  @Field(() => DateTimeResolver)
  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}

import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, Opt, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { User } from '../users/User.entity';

/**
 * A group of people caring for one relative. Members get a CareCircle object, and so does an
 * invitee through their Invitation: `id` and `name` are theirs to read, every other field
 * (CareCircleResolver) checks membership.
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

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}

import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, Opt, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { DateTimeResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { User } from '../users/User.entity';
import { CareCircle } from './CareCircle.entity';
import { Role } from './Role';

/** A user's role in a care circle; `user` is resolved by MembershipResolver. */
@ObjectType('Membership')
@Entity({ tableName: 'memberships' })
@Unique({ properties: ['careCircle', 'user'] })
export class Membership {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => CareCircle, { ref: true })
  careCircle!: Ref<CareCircle>;

  @ManyToOne(() => User, { ref: true })
  user!: Ref<User>;

  @Field(() => Role)
  @Enum({ items: () => Role, type: 'text' })
  role!: Role;

  @Field(() => DateTimeResolver)
  @Property({ type: 'timestamptz' })
  joinedAt: Date & Opt = new Date();
}

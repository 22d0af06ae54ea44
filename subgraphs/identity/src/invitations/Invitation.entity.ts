import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, Opt, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { CareCircle } from '../careCircles/CareCircle.entity';
import { Role } from '../careCircles/Role';
import { User } from '../users/User.entity';
import { InvitationStatus } from './InvitationStatus';

/**
 * A role in a circle offered to an email address. Only the circle's OWNERs (who created it) and
 * the person signed in with that address (the invitee) ever get one; `careCircle` and
 * `invitedBy` are resolved by InvitationResolver.
 */
@ObjectType('Invitation')
@Entity({ tableName: 'invitations' })
export class Invitation {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => CareCircle, { ref: true })
  careCircle!: Ref<CareCircle>;

  /** Trimmed and lower-cased, like User.email. */
  @Property({ type: 'text' })
  email!: string;

  @Field(() => Role)
  @Enum({ items: () => Role, type: 'text' })
  role!: Role;

  @ManyToOne(() => User, { ref: true })
  invitedBy!: Ref<User>;

  @Enum({ items: () => InvitationStatus, type: 'text' })
  status: InvitationStatus & Opt = InvitationStatus.PENDING;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Field(() => DateTimeResolver)
  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null = null;
}

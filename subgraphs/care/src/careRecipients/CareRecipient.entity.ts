import { Entity, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The person a care circle looks after. careCircleId refers to identity's CareCircle (no FK across schemas). */
@Entity({ tableName: 'care_recipient' })
@Index({ properties: ['careCircleId'] })
@ObjectType()
@Directive('@key(fields: "id")')
export class CareRecipient {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'uuid' })
  careCircleId!: string;

  @Property({ type: 'text' })
  @Field()
  name!: string;

  /** ISO date (YYYY-MM-DD); Postgres `date`, read back as a string. */
  @Property({ type: 'string', columnType: 'date', nullable: true })
  @Field(() => String, { nullable: true })
  dateOfBirth?: string | null;

  /** IANA zone name; medication reminders follow the recipient's local clock. */
  @Property({ type: 'text' })
  @Field(() => String)
  timeZone: string & Opt = 'UTC';

  @Property({ type: 'uuid' })
  createdById!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}

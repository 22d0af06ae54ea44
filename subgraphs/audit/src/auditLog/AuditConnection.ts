import { PageInfo } from '@caregraph/shared';
import { Field, ObjectType } from 'type-graphql';
import { AuditEntry } from '../store/AuditEntry.entity';

@ObjectType()
export class AuditEdge {
  @Field(() => AuditEntry)
  node!: AuditEntry;

  @Field()
  cursor!: string;
}

/** Relay connection of audit entries, newest first. */
@ObjectType()
export class AuditConnection {
  @Field(() => [AuditEdge])
  edges!: AuditEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

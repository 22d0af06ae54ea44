import { Directive, Field, ObjectType } from 'type-graphql';
import { MedicationLog } from './MedicationLog.entity';

/** Relay page info; @shareable because every subgraph with a connection declares it. */
@ObjectType()
@Directive('@shareable')
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class MedicationLogEdge {
  @Field(() => MedicationLog)
  node!: MedicationLog;

  @Field()
  cursor!: string;
}

/** Relay connection of a medication's logs, newest first. */
@ObjectType()
export class MedicationLogConnection {
  @Field(() => [MedicationLogEdge])
  edges!: MedicationLogEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

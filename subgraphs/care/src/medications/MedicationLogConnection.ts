import { PageInfo } from '@caregraph/shared';
import { Field, ObjectType } from 'type-graphql';
import { MedicationLog } from './MedicationLog.entity';

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

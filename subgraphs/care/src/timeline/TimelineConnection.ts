import { PageInfo } from '@caregraph/shared';
import { Field, ObjectType } from 'type-graphql';
import { TimelineEntry } from './TimelineEntry.entity';

@ObjectType()
export class TimelineEdge {
  @Field(() => TimelineEntry)
  node!: TimelineEntry;

  @Field()
  cursor!: string;
}

/** Relay connection of a care recipient's timeline, newest first. */
@ObjectType()
export class TimelineConnection {
  @Field(() => [TimelineEdge])
  edges!: TimelineEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

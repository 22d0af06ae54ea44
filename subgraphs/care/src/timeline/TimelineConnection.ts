import { connectionOf } from '@caregraph/shared';
import { ObjectType } from 'type-graphql';
import { TimelineEntry } from './TimelineEntry.entity';

/** Relay connection of a care recipient's timeline, newest first. */
@ObjectType()
export class TimelineConnection extends connectionOf(TimelineEntry, 'Timeline') {}

import { PageInfo } from '@caregraph/shared';
import { Field, ObjectType } from 'type-graphql';
import { Notification } from './Notification.entity';

@ObjectType()
export class NotificationEdge {
  @Field(() => Notification)
  node!: Notification;

  @Field()
  cursor!: string;
}

/** Relay connection of the caller's notifications, newest first. */
@ObjectType()
export class NotificationConnection {
  @Field(() => [NotificationEdge])
  edges!: NotificationEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

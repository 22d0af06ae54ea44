import { connectionOf } from '@caregraph/shared';
import { ObjectType } from 'type-graphql';
import { Notification } from './Notification.entity';

/** Relay connection of the caller's notifications, newest first. */
@ObjectType()
export class NotificationConnection extends connectionOf(Notification, 'Notification') {}

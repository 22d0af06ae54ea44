import { registerEnumType } from 'type-graphql';

/** Where a notification is delivered. IN_APP rows are what `myNotifications` serves. */
export enum NotificationChannel {
  IN_APP = 'IN_APP',
  EMAIL = 'EMAIL',
  PUSH = 'PUSH',
  SMS = 'SMS',
}

registerEnumType(NotificationChannel, { name: 'NotificationChannel' });

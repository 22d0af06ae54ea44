import 'reflect-metadata';
import { runSubgraphMain } from '@caregraph/shared';
import { startNotifications } from './index';

runSubgraphMain('notifications', 'NOTIFICATIONS_PORT', 4004, startNotifications);

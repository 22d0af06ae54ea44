// First: tracing must be set up before the modules it instruments load (docs/operations.md).
import '@caregraph/shared/telemetry/register';
import 'reflect-metadata';
import { runSubgraphMain } from '@caregraph/shared';
import { startNotifications } from './index';

runSubgraphMain('notifications', 'NOTIFICATIONS_PORT', 4004, startNotifications);

// First: tracing must be set up before the modules it instruments load (docs/operations.md).
import '@caregraph/shared/telemetry/register';
import 'reflect-metadata';
import { runSubgraphMain } from '@caregraph/shared';
import { startIdentity } from './index';

runSubgraphMain('identity', 'IDENTITY_PORT', 4001, startIdentity);

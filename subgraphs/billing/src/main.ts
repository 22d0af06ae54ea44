// First: tracing must be set up before the modules it instruments load (docs/operations.md).
import '@caregraph/shared/telemetry/register';
import 'reflect-metadata';
import { runSubgraphMain } from '@caregraph/shared';
import { startBilling } from './index';

runSubgraphMain('billing', 'BILLING_PORT', 4003, startBilling);

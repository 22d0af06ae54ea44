// First: tracing must be set up before the modules it instruments load (docs/operations.md).
import '@caregraph/shared/telemetry/register';
import 'reflect-metadata';
import { runSubgraphMain } from '@caregraph/shared';
import { startCare } from './index';

runSubgraphMain('care', 'CARE_PORT', 4002, startCare);

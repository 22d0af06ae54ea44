// First: tracing must be set up before the modules it instruments load (docs/operations.md).
import '@caregraph/shared/telemetry/register';
import 'reflect-metadata';
import { runSubgraphMain } from '@caregraph/shared';
import { startAudit } from './index';

runSubgraphMain('audit', 'AUDIT_PORT', 4005, startAudit);

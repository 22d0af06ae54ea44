import 'reflect-metadata';
import { runSubgraphMain } from '@caregraph/shared';
import { startAudit } from './index';

runSubgraphMain('audit', 'AUDIT_PORT', 4005, startAudit);

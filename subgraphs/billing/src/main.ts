import 'reflect-metadata';
import { runSubgraphMain } from '@caregraph/shared';
import { startBilling } from './index';

runSubgraphMain('billing', 'BILLING_PORT', 4003, startBilling);

import 'reflect-metadata';
import { runSubgraphMain } from '@caregraph/shared';
import { startCare } from './index';

runSubgraphMain('care', 'CARE_PORT', 4002, startCare);

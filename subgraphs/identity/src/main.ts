import 'reflect-metadata';
import { runSubgraphMain } from '@caregraph/shared';
import { startIdentity } from './index';

runSubgraphMain('identity', 'IDENTITY_PORT', 4001, startIdentity);

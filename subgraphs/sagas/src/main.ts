import 'reflect-metadata';
import { runSubgraphMain } from '@caregraph/shared';
import { startSagas } from './index';

runSubgraphMain('sagas', 'SAGAS_PORT', 4006, startSagas);

// First: tracing must be set up before the modules it instruments load (docs/operations.md).
import '@caregraph/shared/telemetry/register';
import 'reflect-metadata';
import { runSubgraphMain } from '@caregraph/shared';
import { startSagas } from './index';

runSubgraphMain('sagas', 'SAGAS_PORT', 4006, startSagas);

import { basename, dirname } from 'node:path';
import { startTelemetry } from './startTelemetry';

/**
 * `import '@caregraph/shared/telemetry/register'` as the first import of a process's main (or
 * `node --require @caregraph/shared/telemetry/register`): starts tracing when an OTLP endpoint
 * is set. The default service name is the package folder of the entry script
 * (`gateway/dist/main.js` → `gateway`, `subgraphs/care/dist/main.js` → `care`).
 */
const entry = process.argv[1];
startTelemetry(entry ? basename(dirname(dirname(entry))) || 'caregraph' : 'caregraph');

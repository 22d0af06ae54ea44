import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { telemetryEnabled } from './telemetryEnabled';

const root = path.resolve(__dirname, '../../..');

/** What a process that starts with the register preload has loaded, under `env` (built dist, as the processes run it). */
function loadedAfterRegister(env: NodeJS.ProcessEnv): { sdkLoaded: boolean; running: boolean } {
  const script = `require('@caregraph/shared/telemetry/register');
    const loaded = Object.keys(require.cache).some((file) => file.includes('@opentelemetry/sdk-node'));
    const running = require('@caregraph/shared/telemetry').runningTelemetry() !== undefined;
    process.stdout.write(JSON.stringify({ sdkLoaded: loaded, running }));
    process.exit(0);`;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')));
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, env: { ...clean, ...env }, encoding: 'utf8' }));
}

describe('startTelemetry', () => {
  it('is off without an OTLP endpoint, and when the SDK or the trace exporter is switched off', () => {
    expect(telemetryEnabled({})).toBe(false);
    expect(telemetryEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBe(false);
    expect(telemetryEnabled({ OTEL_SERVICE_NAME: 'care', OTEL_TRACES_SAMPLER: 'always_on' })).toBe(false);
    expect(telemetryEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(telemetryEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(telemetryEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(true);
    expect(telemetryEnabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' })).toBe(true);
  });

  it('starts nothing and never loads the SDK when no endpoint is set', () => {
    expect(loadedAfterRegister({})).toEqual({ sdkLoaded: false, running: false });
  });

  it('starts the SDK when an endpoint is set', () => {
    // Nothing listens on port 9: the process exits before any export is attempted.
    expect(loadedAfterRegister({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toEqual({ sdkLoaded: true, running: true });
  });
});

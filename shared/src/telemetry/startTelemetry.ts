import { telemetryEnabled } from './telemetryEnabled';

/** The OpenTelemetry SDK as started in this process. */
export interface RunningTelemetry {
  /** Exports what is still buffered and stops tracing. */
  shutdown(): Promise<void>;
}

// Health checks and scrapes would fill every trace viewer with noise.
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);
let running: RunningTelemetry | undefined;

/**
 * Starts OpenTelemetry tracing for this process, configured only by the standard `OTEL_*`
 * variables (endpoint, `OTEL_EXPORTER_OTLP_PROTOCOL` http/protobuf (default), http/json or grpc,
 * `OTEL_TRACES_SAMPLER`, `OTEL_BSP_*`…): traces only, metrics stay on Prometheus.
 * `serviceName` is the default of `OTEL_SERVICE_NAME`. Returns undefined, without loading the
 * SDK at all, when no endpoint is set (telemetryEnabled). Must run before the instrumented
 * modules (http, express, graphql, pg, ioredis, amqplib) are first required; idempotent.
 */
export function startTelemetry(serviceName: string, env: NodeJS.ProcessEnv = process.env): RunningTelemetry | undefined {
  if (running || !telemetryEnabled(env)) return running;
  // Required here, not imported: with tracing off the SDK is never loaded.
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { GraphQLInstrumentation } = require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis');
  const { AmqplibInstrumentation } = require('@opentelemetry/instrumentation-amqplib') as typeof import('@opentelemetry/instrumentation-amqplib');
  const instrumentations = [
    new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has((request.url ?? '').split('?')[0]) }),
    new ExpressInstrumentation(),
    new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true }),
    // Without a parent only the relay's polling and LISTEN would show: one root span a second.
    new PgInstrumentation({ requireParentSpan: true }),
    new IORedisInstrumentation({ requireParentSpan: true }),
    new AmqplibInstrumentation(),
  ];
  const sdk = new NodeSDK({
    ...(env.OTEL_SERVICE_NAME ? {} : { serviceName }),
    instrumentations,
    // Traces only: an empty list keeps the SDK from starting OTLP metric and log exporters.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  running = { shutdown: () => sdk.shutdown() };
  // Best effort: the process's own handler exits once it has stopped; a local collector is faster.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void running?.shutdown().catch(() => undefined));
  return running;
}

/** The running telemetry, if startTelemetry started it. */
export function runningTelemetry(): RunningTelemetry | undefined {
  return running;
}

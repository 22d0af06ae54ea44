export { telemetryEnabled } from './telemetryEnabled';
export { startTelemetry, runningTelemetry, type RunningTelemetry } from './startTelemetry';
export { traceFields } from './traceFields';
export { traceHeaders, currentTraceparent } from './traceHeaders';
export { inSpan, startSpan, type InSpanOptions } from './inSpan';
export { SpanKind } from '@opentelemetry/api';

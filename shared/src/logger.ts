import pino from 'pino';
import { traceFields } from './telemetry/traceFields';

export type Logger = pino.Logger;

/**
 * A JSON logger named after the process or component; level from `LOG_LEVEL` (default `info`).
 * While a span is active each line carries its `trace_id` and `span_id`.
 */
export function createLogger(name: string): Logger {
  return pino({ name, level: process.env.LOG_LEVEL ?? 'info', mixin: traceFields });
}

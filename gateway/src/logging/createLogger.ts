import pino from 'pino';
import { traceFields } from '@caregraph/shared/telemetry';

/** JSON lines on stdout; LOG_LEVEL overrides the level (default info). Lines logged inside a span carry its trace_id and span_id. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info') {
  return pino({ name: 'gateway', level, mixin: traceFields });
}

export type Logger = ReturnType<typeof createLogger>;

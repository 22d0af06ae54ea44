import pino from 'pino';

export type Logger = pino.Logger;

/** A JSON logger named after the process or component; level from `LOG_LEVEL` (default `info`). */
export function createLogger(name: string): Logger {
  return pino({ name, level: process.env.LOG_LEVEL ?? 'info' });
}

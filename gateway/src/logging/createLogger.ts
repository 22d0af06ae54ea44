import pino from 'pino';

/** JSON lines on stdout; LOG_LEVEL overrides the level (default info). */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info') {
  return pino({ name: 'gateway', level });
}

export type Logger = ReturnType<typeof createLogger>;

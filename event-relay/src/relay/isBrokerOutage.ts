/**
 * Whether a publish failed because the broker is unreachable (connection down, lost before the
 * confirm, or no confirm in time) rather than because of the message. Outages do not use up a
 * row's attempts: the rows wait in the outbox, however long RabbitMQ is away.
 */
export function isBrokerOutage(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 'UNAVAILABLE' || code === 'CLOSED' || code === 'CONFIRM_TIMEOUT';
}

/** Rejects with a `CONFIRM_TIMEOUT` error when `promise` takes longer than `ms`. */
export function withConfirmTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`No publisher confirm within ${ms} ms`), { code: 'CONFIRM_TIMEOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

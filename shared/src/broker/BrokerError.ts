/**
 * `UNAVAILABLE`: the connection is down or was lost before the confirm arrived; the message may
 * or may not have been taken, and retrying once the broker is back is the cure.
 */
export type BrokerErrorCode = 'UNROUTABLE' | 'NACKED' | 'NOT_FOUND' | 'CLOSED' | 'UNAVAILABLE' | 'BROKER_FAILURE';

/** A broker or driver failure, wrapped once at the broker edge; the driver error is `cause`. */
export class BrokerError extends Error {
  constructor(
    readonly code: BrokerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BrokerError';
  }
}

export const brokerErrors = {
  unroutable: (exchange: string, routingKey: string) =>
    new BrokerError('UNROUTABLE', `No queue is bound to receive "${routingKey}" from exchange "${exchange}".`),
  nacked: (exchange: string, routingKey: string) =>
    new BrokerError('NACKED', `The broker refused "${routingKey}" on exchange "${exchange}".`),
  exchangeNotFound: (exchange: string, cause?: unknown) =>
    new BrokerError('NOT_FOUND', `Exchange "${exchange}" does not exist.`, { cause }),
  queueNotFound: (queue: string, cause?: unknown) =>
    new BrokerError('NOT_FOUND', `Queue "${queue}" does not exist.`, { cause }),
  unavailable: (what: string, cause?: unknown) =>
    new BrokerError('UNAVAILABLE', `${what}: RabbitMQ is not connected${cause ? ` (${(cause as Error)?.message ?? cause})` : ''}.`, { cause }),
  closed: () => new BrokerError('CLOSED', 'The broker is closed.'),
  failure: (what: string, cause: unknown) =>
    new BrokerError('BROKER_FAILURE', `${what} failed: ${(cause as Error)?.message ?? cause}`, { cause }),
};

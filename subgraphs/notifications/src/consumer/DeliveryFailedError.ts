import type { NotificationChannel } from '../notifications/NotificationChannel';

export interface FailedDelivery {
  channel: NotificationChannel;
  notificationId: string;
  userId: string;
  error: unknown;
}

/**
 * Some channel refused a delivery (SMTP down, provider error). Retryable: the consumer throws
 * it so the transaction (rows, outbox, inbox) rolls back and the runtime redelivers the event.
 */
export class DeliveryFailedError extends Error {
  constructor(readonly failures: FailedDelivery[]) {
    const first = failures[0];
    const reason = first.error instanceof Error ? first.error.message : String(first.error);
    super(`${failures.length} notification deliveries failed; first: ${first.channel} to ${first.userId}: ${reason}`, { cause: first.error });
    this.name = 'DeliveryFailedError';
  }
}

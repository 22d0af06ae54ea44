/** A receiver did not take a delivery (no 2xx answer, timeout, network error). Retryable: the runtime tries again later. */
export class WebhookDeliveryFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookDeliveryFailedError';
  }
}

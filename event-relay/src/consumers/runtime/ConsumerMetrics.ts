import { Counter, type Registry } from 'prom-client';

/** Per-consumer counters of the consumer runtime, on the relay's registry (`/metrics`). */
export class ConsumerMetrics {
  private readonly handledTotal: Counter<'consumer'>;
  private readonly duplicatesTotal: Counter<'consumer'>;
  private readonly retriedTotal: Counter<'consumer'>;
  private readonly deadLetteredTotal: Counter<'consumer' | 'reason'>;

  constructor(registry: Registry) {
    const counter = <L extends string>(name: string, help: string, labelNames: L[]) => new Counter<L>({ name, help, labelNames, registers: [registry] });
    this.handledTotal = counter('caregraph_consumer_handled_total', 'Events handled and committed', ['consumer']);
    this.duplicatesTotal = counter('caregraph_consumer_duplicates_total', 'Deliveries skipped because the inbox had the event already', ['consumer']);
    this.retriedTotal = counter('caregraph_consumer_retried_total', 'Failed deliveries sent to a delay queue for another attempt', ['consumer']);
    this.deadLetteredTotal = counter('caregraph_consumer_dead_lettered_total', 'Deliveries sent to the dead-letter queue', ['consumer', 'reason']);
  }

  handled(consumer: string): void {
    this.handledTotal.inc({ consumer });
  }

  duplicate(consumer: string): void {
    this.duplicatesTotal.inc({ consumer });
  }

  retried(consumer: string): void {
    this.retriedTotal.inc({ consumer });
  }

  /** `reason`: `permanent` (bad payload, PermanentError) or `exhausted` (out of retries). */
  deadLettered(consumer: string, reason: 'permanent' | 'exhausted'): void {
    this.deadLetteredTotal.inc({ consumer, reason });
  }
}

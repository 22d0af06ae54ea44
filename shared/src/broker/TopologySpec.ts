/** Exchange kinds CareGraph uses. */
export type ExchangeType = 'topic' | 'fanout' | 'direct';

export interface ExchangeSpec {
  name: string;
  type: ExchangeType;
}

export interface QueueSpec {
  name: string;
  /** Default `quorum` (durable, replicated); `classic` for throwaway queues. */
  type?: 'quorum' | 'classic';
  /** Exchange a rejected message is dead-lettered to (`x-dead-letter-exchange`). */
  deadLetterExchange?: string;
  /** Routing key used when dead-lettering (`x-dead-letter-routing-key`); default: the message's own key. */
  deadLetterRoutingKey?: string;
}

/** Routes messages from the `source` exchange to a queue or (exchange-to-exchange) another exchange. */
export interface BindingSpec {
  source: string;
  destination: string;
  destinationType: 'queue' | 'exchange';
  /** Topic pattern (`#`, `a.*`), direct key, or '' for fanout. */
  pattern: string;
}

/**
 * Exchanges, queues and bindings a process needs. Asserting a spec is idempotent; every
 * exchange and queue is durable.
 */
export interface TopologySpec {
  exchanges: ExchangeSpec[];
  queues: QueueSpec[];
  bindings: BindingSpec[];
}

/** Concatenates specs (e.g. CareGraph's topology plus a test queue). */
export function mergeTopology(...specs: TopologySpec[]): TopologySpec {
  return {
    exchanges: specs.flatMap((spec) => spec.exchanges),
    queues: specs.flatMap((spec) => spec.queues),
    bindings: specs.flatMap((spec) => spec.bindings),
  };
}

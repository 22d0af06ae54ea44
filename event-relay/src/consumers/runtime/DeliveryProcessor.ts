import { randomUUID } from 'node:crypto';
import { inSpan, parseCloudEvent, SpanKind, topologyNames, retryNames, type AfterCommit, type BrokerMessage, type CloudEvent, type ConsumerAttempt, type ConsumerDefinition, type Logger, type MessageBroker } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { KeyedSerializer } from './KeyedSerializer';
import type { ConsumerMetrics } from './ConsumerMetrics';
import { attemptsSoFar, cleanHeaders, describeError, failureHeaders } from './failureHeaders';
import { isPermanentFailure } from './isPermanentFailure';
import { recordInInbox } from './recordInInbox';

export interface DeliveryContext {
  broker: MessageBroker;
  namespace: string;
  /** The namespaced queue consumed. */
  queue: string;
  delaysMs: number[];
  logger: Logger;
  metrics?: ConsumerMetrics;
}

/**
 * What the runtime does with one delivery: inbox + handler in one transaction; on failure a
 * delay queue or the dead letters. Resolving acknowledges the delivery (so only after the
 * commit, or after the retry / dead letter was confirmed); throwing rejects it, which the
 * queue dead-letters to `dlq.<queue>` as a last resort (e.g. the retry publish failed).
 */
export class DeliveryProcessor {
  private readonly dlq: string;
  private readonly retry: ReturnType<typeof retryNames>;
  private readonly dlx: string;
  private readonly byAggregate = new KeyedSerializer();
  private readonly byOrderingKey = new KeyedSerializer();

  constructor(
    private readonly definition: ConsumerDefinition,
    private readonly context: DeliveryContext,
  ) {
    const names = topologyNames(context.namespace);
    this.dlq = names.deadLetterQueue(context.queue);
    this.dlx = names.dlx;
    this.retry = retryNames(context.namespace);
  }

  /**
   * One consumer (process) span per delivery, child of and linked to the relay's publish span
   * (the message's traceparent header): the inbox, the handler, the after-commit announcement
   * and any retry or dead letter happen inside it.
   */
  process(message: BrokerMessage): Promise<void> {
    const attributes = {
      'messaging.system': 'rabbitmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': this.context.queue,
      'messaging.consumer.group.name': this.definition.name,
      'messaging.rabbitmq.destination.routing_key': message.routingKey,
      ...(message.messageId ? { 'messaging.message.id': message.messageId } : {}),
    };
    return inSpan(`process ${this.definition.queue}`, { kind: SpanKind.CONSUMER, attributes, createdBy: message.headers }, () => this.processInSpan(message));
  }

  private async processInSpan(message: BrokerMessage): Promise<void> {
    const failed = attemptsSoFar(message.headers);
    let event: CloudEvent;
    try {
      event = parseCloudEvent(message.body);
    } catch (error) {
      return this.deadLetter(message, error, failed + 1, 'permanent');
    }
    const logger = this.context.logger.child({ eventId: event.id, eventType: event.type, attempt: failed + 1 });
    try {
      const attempt = { number: failed + 1, retryDelayMs: this.context.delaysMs[failed] };
      const handled = await this.inOrder(event, () => this.handleOnce(event, logger, attempt));
      if (handled) this.context.metrics?.handled(this.definition.name);
      else {
        this.context.metrics?.duplicate(this.definition.name);
        logger.info('Duplicate event: already in the inbox; skipped');
      }
    } catch (error) {
      if (isPermanentFailure(error)) return this.deadLetter(message, error, failed + 1, 'permanent');
      if (failed >= this.context.delaysMs.length) return this.deadLetter(message, error, failed + 1, 'exhausted');
      return this.retryLater(message, error, failed, logger);
    }
  }

  /**
   * One aggregate's events are handled one after another, in arrival order (which the relay
   * keeps per aggregate), and so are those sharing the definition's ordering key; the rest run
   * concurrently, up to prefetch. The ordering key is always queued for first and the aggregate
   * second, so no two deliveries can each wait for the other.
   */
  private inOrder<T>(event: CloudEvent, task: () => Promise<T>): Promise<T> {
    const inAggregateOrder = () => this.byAggregate.run(aggregateKey(event), task);
    const key = this.definition.orderingKey?.(event);
    return key === undefined ? inAggregateOrder() : this.byOrderingKey.run(key, inAggregateOrder);
  }

  private async handleOnce(event: CloudEvent, logger: Logger, attempt: ConsumerAttempt): Promise<boolean> {
    const { definition } = this;
    let afterCommit: AfterCommit | undefined;
    const handled = await (definition.em.fork() as EntityManager).transactional(async (em) => {
      if (!(await recordInInbox(em, definition.inboxSchema, definition.name, event))) return false;
      afterCommit = (await definition.handle(event, em, logger, attempt)) ?? undefined;
      return true;
    });
    // Committed: a failure here must not retry the handler (its effects would not repeat anyway).
    await afterCommit?.().catch((error: unknown) => logger.warn({ err: error }, 'After-commit step failed'));
    return handled;
  }

  private async retryLater(message: BrokerMessage, error: unknown, failed: number, logger: Logger): Promise<void> {
    const delayMs = this.context.delaysMs[failed];
    await this.context.broker.publish({
      ...this.copyOf(message),
      exchange: this.retry.exchange,
      routingKey: this.retry.delayQueue(this.context.queue, failed),
      expirationMs: delayMs,
      headers: { ...this.carriedHeaders(message), [failureHeaders.attempt]: failed + 1, [failureHeaders.lastError]: describeError(error) },
    });
    this.context.metrics?.retried(this.definition.name);
    logger.warn({ err: error, delayMs }, 'Handler failed; retrying after a delay');
  }

  private async deadLetter(message: BrokerMessage, error: unknown, attempts: number, reason: 'permanent' | 'exhausted'): Promise<void> {
    await this.context.broker.publish({
      ...this.copyOf(message),
      exchange: this.dlx,
      routingKey: this.dlq,
      headers: {
        ...this.carriedHeaders(message),
        [failureHeaders.error]: describeError(error),
        [failureHeaders.attempts]: attempts,
        [failureHeaders.consumer]: this.definition.name,
      },
    });
    this.context.metrics?.deadLettered(this.definition.name, reason);
    this.context.logger.error({ err: error, messageId: message.messageId, attempts, reason }, `Dead-lettered to ${this.dlq}`);
  }

  private copyOf(message: BrokerMessage) {
    return { body: message.body, messageId: message.messageId || randomUUID(), contentType: message.contentType };
  }

  /** The message's own headers plus where it first came from and when it first failed. */
  private carriedHeaders(message: BrokerMessage): Record<string, unknown> {
    return {
      ...cleanHeaders(message.headers),
      [failureHeaders.originalRoutingKey]: message.headers[failureHeaders.originalRoutingKey] ?? message.routingKey,
      [failureHeaders.firstFailedAt]: message.headers[failureHeaders.firstFailedAt] ?? new Date().toISOString(),
    };
  }
}

function aggregateKey(event: CloudEvent): string {
  return event.subject ? `${event.aggregatetype ?? event.type.split('.')[0]}:${event.subject}` : event.id;
}

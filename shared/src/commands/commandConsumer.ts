import type { EntityManager } from '@mikro-orm/postgresql';
import { PermanentError, type ConsumerDefinition } from '../consumers';
import { IllegalStateError, NotFoundError } from '../errors';
import type { CloudEvent } from '../events';
import { recordEvent, type EventContext } from '../outbox';
import type { CommandRejected } from './CommandRejected';

/** What a handler returns when the command's effect was already there and it recorded nothing. */
export const COMMAND_SKIPPED = 'skipped';

/** Runs one command type inside the consumer's transaction (its inbox row is in it); returns COMMAND_SKIPPED when there was nothing to do. */
export type CommandHandler<T = Record<string, unknown>> = (data: T, em: EntityManager, context: EventContext) => Promise<typeof COMMAND_SKIPPED | void>;

/** `C` maps each command type to its data (the owner's contract, e.g. BillingCommands). */
export interface CommandConsumerOptions<C> {
  /** The owning domain, e.g. `billing`: queue `<owner>.commands`, bindings `<owner>.*` on `commands`, replies `<owner>.command_rejected`. */
  owner: string;
  /** The `source` of the rejections it records, e.g. `/caregraph/billing`. */
  source: string;
  /** The owner's ORM: its schema holds the inbox, the effects and the outbox of the replies. */
  em: EntityManager;
  /** One handler per command type, e.g. `{ 'billing.void_bill': … }`. */
  handlers: { [K in keyof C]: CommandHandler<C[K]> };
}

/**
 * A consumer of the commands a domain owns (ADR 0010). The runtime's inbox makes a command
 * (by its id) take effect once; the handler's own events are the reply. When the domain refuses
 * it (ILLEGAL_STATE, NOT_FOUND) the consumer records `<owner>.command_rejected` in the same
 * transaction instead, and when its effect was already there (COMMAND_SKIPPED, e.g. a member
 * cancelled first) `<owner>.command_skipped`, so the sender always hears back. Other errors are
 * retried, then dead-lettered (BAD_USER_INPUT and unknown command types at once).
 *
 * The command's causation and correlation are passed on to what it records: the replies name
 * the event that made the sender decide, as a direct call would have.
 */
export function commandConsumer<C>(options: CommandConsumerOptions<C>): ConsumerDefinition {
  const { owner, source } = options;
  // The message's data is checked by the handler (ids by the domain, BAD_USER_INPUT otherwise).
  const handlers = options.handlers as unknown as Record<string, CommandHandler>;
  return {
    name: `${owner}-commands`,
    queue: `${owner}.commands`,
    exchange: 'commands',
    bindings: [`${owner}.*`],
    inboxSchema: owner,
    em: options.em,
    async handle(command: CloudEvent, em) {
      const handler = handlers[command.type];
      if (!handler) throw new PermanentError(`${owner} has no command ${command.type} (${command.id}).`);
      const context: EventContext = { causationId: command.causationid, correlationId: command.correlationid, traceparent: command.traceparent };
      const reply = (type: string, data: Record<string, unknown>) => {
        const about = { aggregateType: 'Command', aggregateId: command.subject ?? command.id, careCircleId: command.carecircleid };
        recordEvent(em, source, { ...about, type: `${owner}.${type}`, data: { ...command.data, commandId: command.id, commandType: command.type, ...data } }, context);
        return em.flush();
      };
      try {
        if ((await handler(command.data, em, context)) === COMMAND_SKIPPED) await reply('command_skipped', {});
      } catch (error) {
        if (!(error instanceof IllegalStateError || error instanceof NotFoundError)) throw error;
        const rejection: Pick<CommandRejected, 'code' | 'message'> = { code: error.code as CommandRejected['code'], message: error.message };
        await reply('command_rejected', rejection);
      }
    },
  };
}

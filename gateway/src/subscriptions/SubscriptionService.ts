import { buildOperationContext, type ServiceMap } from '@apollo/gateway';
import {
  getArgumentValues,
  getNamedType,
  getOperationAST,
  GraphQLError,
  isObjectType,
  type ExecutionResult,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  validate,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import type { GatewayContext } from '../auth/GatewayContext';
import { authenticate } from '../auth/authenticate';
import type { AuthOptions } from '../auth/AuthOptions';
import { errors } from '../errors/errors';
import { authorizeSubscriber } from './authorizeSubscriber';
import type { EventSource } from './EventSource';
import { executeEvent } from './executeEvent';
import { passesFilters } from './passesFilters';
import { readPath } from './readPath';
import { SequencedSource } from './SequencedSource';
import { variablesFor } from './declaredVariables';
import { renderChannel } from './renderChannel';
import { renderResult } from './renderResult';
import type { RunOperation } from './RunOperation';
import type { SequenceConfig, SubscriptionFieldConfig } from './SubscriptionFieldConfig';
import type { SubscriptionPlanner } from './SubscriptionPlanner';
import { SubscriptionStream, type EventOutcome } from './SubscriptionStream';

export interface SubscriptionServiceOptions {
  fields: Record<string, SubscriptionFieldConfig>;
  eventSource: EventSource;
  channelPrefix: string;
  auth?: AuthOptions;
  run: RunOperation;
  serviceMap: () => ServiceMap;
  schema: () => { planner: SubscriptionPlanner; apiSchema: GraphQLSchema };
  onEvent?(field: string, outcome: EventOutcome | 'duplicate'): void;
  /** An event execution served from another subscriber's identical one. */
  onShared?(field: string): void;
  /** Events a sequenced field read back from its store (on resume or to fill a gap). */
  onReplay?(field: string, count: number): void;
  onActive?(field: string, delta: 1 | -1): void;
  /** Whether subgraph requests carry a gateway credential, which `shareExecution: { scope }` needs. */
  scopedCredentials?: boolean;
  log?(message: string, details: Record<string, unknown>): void;
}

export interface SubscriptionRequest {
  query: string;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  context: GatewayContext;
}

const DEFAULT_REAUTHORIZE_SECONDS = 30;

interface Replannable {
  /** Re-plans on the current schema; the error ending the stream when its operation no longer fits. */
  replan(): GraphQLError | undefined;
  stream: SubscriptionStream;
}

/** Turns one validated subscription operation into a stream of results, or the errors refusing it. */
export class SubscriptionService {
  /** The open subscriptions, for schemaChanged. */
  private readonly live = new Set<Replannable>();
  /** How many supergraphs this service has seen after the first. */
  private generation = 0;
  private readonly sharedExecutions = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
  /** Per document (shared by subscribers of one query text, see createOperationGuard) and operation name. */
  private readonly operationContexts = new WeakMap<DocumentNode, Map<string, ReturnType<typeof buildOperationContext>>>();

  constructor(private readonly options: SubscriptionServiceOptions) {
    for (const [field, config] of Object.entries(options.fields)) {
      if (typeof config.shareExecution === 'object' && !options.scopedCredentials) {
        throw new Error(`Subscription field ${field} shares executions by scope, which needs the subgraph credential (SUBGRAPH_SECRET)`);
      }
    }
  }

  async open(request: SubscriptionRequest): Promise<GraphQLError[] | SubscriptionStream> {
    const { planner, apiSchema } = this.options.schema();
    const operation = getOperationAST(request.document, request.operationName);
    const [field, ...others] = operation?.selectionSet.selections ?? [];
    if (!operation || !field || others.length || field.kind !== Kind.FIELD) return [errors.singleRootField()];
    const fieldName = field.name.value;
    const config = this.options.fields[fieldName];
    if (!config) return [errors.unknownSubscription(fieldName)];

    const coerced = getVariableValues(apiSchema, operation.variableDefinitions ?? [], request.variables ?? {});
    if (coerced.errors) return [...coerced.errors];
    const fieldDef = apiSchema.getSubscriptionType()?.getFields()[fieldName];
    if (!fieldDef) return [errors.unknownSubscription(fieldName)];
    const args = getArgumentValues(fieldDef, field as FieldNode, coerced.coerced);

    const access = await authorizeSubscriber(config.authorize, args, request.context, this.options.run);
    if (!access.ok) return [access.error];
    let channel: string;
    try {
      channel = this.options.channelPrefix + renderChannel(config.channel, { args, auth: access.data });
    } catch (error) {
      return [errors.badUserInput((error as Error).message)];
    }
    // The plan and what executes it, for the current schema; a reload re-plans it (schemaChanged).
    const planFor = (current: { planner: SubscriptionPlanner; apiSchema: GraphQLSchema }) => {
      const plan = current.planner.plan(request.query, request.document, request.operationName);
      const eventOnly = !plan.rest;
      const scope = eventOnly ? undefined : scopeOf(config.shareExecution, { args, auth: access.data });
      const execution = {
        planner: current.planner,
        plan,
        operationContext: this.operationContextOf(current.apiSchema, request.document, request.operationName ?? undefined),
        serviceMap: this.options.serviceMap(),
        // Shared by scope: the subgraphs read with the scope's credential, not with this subscriber's token.
        context: scope ? { correlationId: request.context.correlationId, clientIp: request.context.clientIp, scope } : request.context,
        query: request.query,
        variables: coerced.coerced,
        fieldName,
      };
      const typename = getNamedType(current.apiSchema.getSubscriptionType()!.getFields()[fieldName].type);
      // The schema generation keeps executions of one event under two schemas apart.
      const shareKey = shareKeyOf(config.shareExecution, request, coerced.coerced, eventOnly, scope);
      return { execution, typename, shareKey: shareKey === undefined ? undefined : `${this.generation}\n${shareKey}` };
    };
    let planned: ReturnType<typeof planFor>;
    try {
      planned = planFor({ planner, apiSchema });
    } catch (error) {
      return [errors.badUserInput(`Cannot plan this subscription: ${(error as Error).message}`)];
    }
    const reauthorizeMs = (config.reauthorizeAfterSeconds ?? DEFAULT_REAUTHORIZE_SECONDS) * 1000;
    let checkedAt = Date.now();
    const live = this.options.eventSource.subscribe(channel);
    // Counted as active only once live, so "active" means no event published from now on is missed.
    // A sequenced field's replay reads the store only from here on, so nothing falls in between.
    await this.options.eventSource.whenLive?.(live);
    let source: AsyncIterableIterator<unknown> = live;
    if (config.sequence) {
      try {
        const sequenced = this.sequenced(live, config.sequence, fieldName, { args, auth: access.data }, request.context);
        await sequenced.prime();
        source = sequenced;
      } catch (error) {
        await live.return?.();
        return [error instanceof GraphQLError ? error : errors.replayFailed((error as Error).message)];
      }
    }
    const recheck = async () => {
      const refusal = await this.recheck(config, args, request.context);
      if (!refusal) checkedAt = Date.now();
      return refusal;
    };
    this.options.onActive?.(fieldName, 1);
    this.options.log?.('subscription opened', { field: fieldName, channel, correlationId: request.context.correlationId });

    // Registered below once the stream exists; a stream closed before that never was.
    const registered: { entry?: Replannable } = {};
    const stream = new SubscriptionStream(source, {
      accepts: (event) => passesFilters(config.filter, event, args),
      execute: (event) => {
        const { execution, typename, shareKey } = planned;
        return this.shareable(event, shareKey, fieldName, () => {
          const primary = renderResult(config.result, event);
          // The planner needs __typename on the primary object; fill it when the type is concrete.
          if (primary && typeof primary === 'object' && !('__typename' in primary) && isObjectType(typename)) {
            (primary as Record<string, unknown>).__typename = typename.name;
          }
          return executeEvent(execution, primary);
        });
      },
      reauthorize: () => (Date.now() - checkedAt < reauthorizeMs ? undefined : recheck()),
      recheck,
      expiresAt: typeof request.context.claims?.exp === 'number' ? request.context.claims.exp * 1000 : undefined,
      onEvent: (outcome) => this.options.onEvent?.(fieldName, outcome),
      field: fieldName,
      onClose: () => {
        if (registered.entry) this.live.delete(registered.entry);
        this.options.onActive?.(fieldName, -1);
        this.options.log?.('subscription closed', { field: fieldName, channel, correlationId: request.context.correlationId });
      },
    });
    const entry: Replannable = {
      replan: () => {
        const current = this.options.schema();
        const problems = validate(current.apiSchema, request.document);
        if (problems.length) return errors.schemaChanged(fieldName, problems.map((problem) => problem.message));
        try {
          planned = planFor(current);
          return undefined;
        } catch (error) {
          return errors.schemaChanged(fieldName, [(error as Error).message]);
        }
      },
      stream,
    };
    registered.entry = entry;
    if (!stream.isFinished) this.live.add(entry);
    return stream;
  }

  /**
   * After a supergraph reload: every open subscription whose operation is still valid is
   * re-planned on the new schema and goes on (its event source untouched, so it misses
   * nothing); one that is not ends with SUBSCRIPTION_SCHEMA_CHANGED naming what went missing.
   */
  schemaChanged(): void {
    this.generation += 1;
    for (const { replan, stream } of [...this.live]) {
      const refusal = replan();
      if (refusal) stream.end(refusal);
    }
  }

  private operationContextOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined) {
    let byName = this.operationContexts.get(document);
    if (!byName) {
      byName = new Map();
      this.operationContexts.set(document, byName);
    }
    let context = byName.get(operationName ?? '');
    if (!context || context.schema !== schema) {
      context = buildOperationContext({ schema, operationDocument: document, operationName });
      byName.set(operationName ?? '', context);
    }
    return context;
  }

  private sequenced(
    live: AsyncIterableIterator<unknown>,
    sequence: SequenceConfig,
    fieldName: string,
    values: { args: Record<string, unknown>; auth?: unknown },
    context: GatewayContext,
  ): SequencedSource {
    const { query, connection, afterVariable = 'after' } = sequence.replay;
    const { args } = values;
    const resumeAfter = sequence.resumeArg ? args[sequence.resumeArg] : undefined;
    const variables = {
      ...variablesFor(query, args),
      ...Object.fromEntries(Object.entries(sequence.replay.variables ?? {}).map(([name, template]) => [name, renderChannel(template, values)])),
    };
    return new SequencedSource(live, {
      sequenceOf: (event) => {
        const value = readPath(event, sequence.event);
        return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
      },
      cursorOf: (event) => {
        const value = readPath(event, sequence.cursor);
        return typeof value === 'string' ? value : undefined;
      },
      resumeAfter: typeof resumeAfter === 'string' ? resumeAfter : undefined,
      readAfter: async (cursor) => {
        const result = await this.options.run(query, { ...variables, [afterVariable]: cursor ?? null }, context);
        const [failure] = result.errors ?? [];
        if (failure) {
          // Keeps the subgraph's code: a bad cursor is BAD_USER_INPUT, a lost membership FORBIDDEN.
          const code = typeof failure.extensions?.code === 'string' ? failure.extensions.code : 'SUBSCRIPTION_REPLAY_FAILED';
          throw errors.refused(failure.message, code);
        }
        const page = readPath(result.data, connection) as
          | { edges?: { node: unknown }[]; pageInfo?: { hasNextPage?: boolean; endCursor?: string | null } }
          | null
          | undefined;
        if (!page || !Array.isArray(page.edges)) throw new Error(`no connection at ${connection}`);
        this.options.onReplay?.(fieldName, page.edges.length);
        return { events: page.edges.map((edge) => edge.node), hasNextPage: !!page.pageInfo?.hasNextPage, endCursor: page.pageInfo?.endCursor };
      },
      onDuplicate: () => this.options.onEvent?.(fieldName, 'duplicate'),
      idleRecheckMs: sequence.idleRecheckSeconds ? sequence.idleRecheckSeconds * 1000 : undefined,
      onRecheckFailed: (error) => this.options.log?.('idle recheck failed; the stream goes on', { field: fieldName, error: (error as Error).message }),
    });
  }

  /**
   * One execution per (event, share key): the pub/sub hands every subscriber of a channel the
   * same decoded message object, so subscribers with equal operations and equal credentials get
   * the one result. Keyed weakly by the message, so the cache lives exactly as long as the event.
   */
  private shareable(event: unknown, key: string | undefined, fieldName: string, run: () => Promise<ExecutionResult>): Promise<ExecutionResult> {
    if (key === undefined || event === null || typeof event !== 'object') return run();
    let byKey = this.sharedExecutions.get(event);
    if (!byKey) {
      byKey = new Map();
      this.sharedExecutions.set(event, byKey);
    }
    const existing = byKey.get(key);
    if (existing) {
      this.options.onShared?.(fieldName);
      return existing;
    }
    const execution = run();
    byKey.set(key, execution);
    return execution;
  }

  // Tokens expire while sockets stay open: check the token itself before asking the subgraphs again.
  private async recheck(
    config: SubscriptionFieldConfig,
    args: Record<string, unknown>,
    context: GatewayContext,
  ): Promise<GraphQLError | undefined> {
    try {
      await authenticate(context.authorization, this.options.auth);
    } catch (error) {
      return error as GraphQLError;
    }
    const access = await authorizeSubscriber(config.authorize, args, context, this.options.run);
    return access.ok ? undefined : access.error;
  }
}

/**
 * Subscribers with equal keys get equal results for an event; undefined = never shared. A plan
 * with no fetch after the event (`eventOnly`) reads nothing with anyone's credentials: its result
 * is the event projected onto the selection, the same for every subscriber of the channel.
 */
function shareKeyOf(
  mode: SubscriptionFieldConfig['shareExecution'],
  request: SubscriptionRequest,
  variables: Record<string, unknown>,
  eventOnly: boolean,
  scope: Record<string, string> | undefined,
): string | undefined {
  if (mode === 'off') return undefined;
  const subject = typeof request.context.claims?.sub === 'string' ? `sub:${request.context.claims.sub}` : undefined;
  const principal = eventOnly
    ? 'event'
    : scope
      ? `scope:${JSON.stringify(scope)}`
      : mode === 'subject' && subject
        ? subject
        : `token:${request.context.authorization ?? ''}`;
  return JSON.stringify([request.query, request.operationName ?? null, variables, principal]);
}

/**
 * The scope claims of a subscriber authorised for `values`, or undefined (then executions are
 * shared by token): a claim whose template has no value must not become a broader scope.
 */
function scopeOf(mode: SubscriptionFieldConfig['shareExecution'], values: { args: Record<string, unknown>; auth?: unknown }): Record<string, string> | undefined {
  if (typeof mode !== 'object') return undefined;
  try {
    return Object.fromEntries(Object.entries(mode.scope).map(([claim, template]) => [claim, renderChannel(template, values)]));
  } catch {
    return undefined;
  }
}

import { z } from 'zod';
import { explorerSettingSchema } from '../explorer/explorerSetting';

const port = z.number().int().min(0).max(65535);
const positive = z.number().int().positive();

const filterRule = z.union([
  z.strictObject({ event: z.string(), equals: z.unknown() }),
  z.strictObject({ event: z.string(), equalsArg: z.string() }),
  z.strictObject({ event: z.string(), matches: z.array(z.string()) }),
  z.strictObject({ event: z.string(), matchesArg: z.string() }),
]);

/** A replay query and where its connection is, defined once under `replays` and used by name. */
const replayDefinition = z.strictObject({
  query: z.string(),
  connection: z.string(),
  afterVariable: z.string().optional(),
});

const subscriptionField = z.strictObject({
  authorize: z.strictObject({ query: z.string(), require: z.string() }).optional(),
  channel: z.string(),
  filter: z.array(filterRule).optional(),
  result: z.record(z.string(), z.unknown()),
  sequence: z
    .strictObject({
      event: z.string(),
      cursor: z.string(),
      resumeArg: z.string().optional(),
      idleRecheckSeconds: z.number().positive().optional(),
      replay: z.union([
        replayDefinition.extend({ variables: z.record(z.string(), z.string()).optional() }),
        z.strictObject({ use: z.string(), variables: z.record(z.string(), z.string()).optional() }),
      ]),
    })
    .optional(),
  shareExecution: z.union([z.enum(['token', 'subject', 'off']), z.strictObject({ scope: z.record(z.string(), z.string()).refine((claims) => Object.keys(claims).length > 0, 'a scope needs at least one claim') })]).optional(),
  reauthorizeAfterSeconds: z.number().positive().optional(),
});

/** A plain HTTP endpoint forwarded to a subgraph (RouteConfig); its public path is the key under `routes`. */
const route = z.strictObject({
  subgraph: z.string(),
  path: z.string(),
  maxBodyBytes: positive.max(1024 * 1024).optional(),
  headers: z.array(z.string()).optional(),
  rateLimit: z.strictObject({ requestsPerIp: positive.optional(), windowSeconds: positive.optional() }).optional(),
});

/** Every setting of the gateway config file; an unknown key is an error, so typos do not pass silently. */
export const gatewayConfigSchema = z.strictObject({
  $comment: z.string().optional(),
  supergraph: z.string().optional(),
  /** Reload the supergraph while running (GatewayOptions.supergraphReload). */
  supergraphReload: z
    .strictObject({
      watch: z.boolean().optional(),
      url: z.url({ protocol: /^https?$/ }).optional(),
      intervalSeconds: z.number().positive().optional(),
    })
    .optional(),
  port: port.optional(),
  host: z.string().optional(),
  auth: z
    .strictObject({
      jwtSecret: z.string().optional(),
      jwksFile: z.string().optional(),
      jwksUrl: z.url({ protocol: /^https?$/ }).optional(),
      issuer: z.string().optional(),
      audience: z.string().optional(),
      required: z.boolean().optional(),
    })
    .optional(),
  subscriptions: z.record(z.string(), subscriptionField).optional(),
  /** Plain HTTP endpoints by public path, each forwarded to a subgraph (checked against the supergraph at start). */
  routes: z.record(z.string(), route).optional(),
  /** Replay definitions that several sequenced fields use (`sequence.replay: { use, variables }`). */
  replays: z.record(z.string(), replayDefinition).optional(),
  /** Another config file (relative to this one) this one amends: its keys win, `auth` and `rateLimits` merged key by key. */
  extends: z.string().optional(),
  trustedProxies: z.array(z.string()).optional(),
  rateLimits: z
    .strictObject({
      operationsPerUser: positive.optional(),
      operationsPerIp: positive.optional(),
      windowSeconds: positive.optional(),
      connectionsPerIp: positive.optional(),
      subscriptionsPerSocket: positive.optional(),
      maxMessageBytes: positive.optional(),
    })
    .optional(),
  revocation: z.strictObject({ channel: z.string(), subject: z.string() }).optional(),
  limits: z
    .strictObject({
      maxDepth: positive.optional(),
      maxAliases: z.number().int().min(0).optional(),
      maxDirectives: z.number().int().min(0).optional(),
      maxTokens: positive.optional(),
      maxCost: positive.optional(),
      listSize: positive.optional(),
      blockFieldSuggestions: z.boolean().optional(),
      maxConcurrentFetches: positive.optional(),
      maxConnectionsPerSubgraph: positive.optional(),
      subgraphTimeoutMs: positive.optional(),
      maxResponseBytes: positive.optional(),
      dedupeFetches: z.boolean().optional(),
    })
    .optional(),
  introspection: z.boolean().optional(),
  explorer: explorerSettingSchema.optional(),
  cors: z.strictObject({ origins: z.array(z.url({ protocol: /^https?$/ }).or(z.literal('*'))) }).optional(),
  hstsMaxAge: z.number().int().min(0).optional(),
  metricsPort: port.optional(),
  metricsHost: z.string().optional(),
  subgraphCredential: z
    .strictObject({
      secret: z.string().optional(),
      issuer: z.string().optional(),
      ttlSeconds: positive.optional(),
    })
    .optional(),
});

export type GatewayConfigFile = Omit<z.infer<typeof gatewayConfigSchema>, '$comment'>;

/** "limits.maxDepth: Too small: expected number to be >0" — one line per problem, named by its path. */
export function describeIssues(error: z.ZodError, prefix: string): string {
  return error.issues
    .map((issue) => `${prefix}${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
    .join('\n');
}

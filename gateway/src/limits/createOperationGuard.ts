import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { GatewayLimits } from './GatewayLimits';
import { listCostRule } from './listCostRule';

export interface OperationGuard {
  /** For ApolloServer: armor's plugins (suggestion masking), the limit rules and the parser's token limit. */
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
  /**
   * The same checks for a transport that bypasses Apollo Server (graphql-ws): parse with the token
   * limit, validate with the spec rules and the limits, mask suggestions.
   */
  check(schema: GraphQLSchema, query: string): { document: DocumentNode } | { errors: GraphQLError[] };
}

/**
 * Accepted websocket operations, per schema, by query text: thousands of subscribers sending one
 * subscription share one parsed, validated document (CPU at subscribe time, memory while live).
 * Only short texts are kept, and only so many, so hostile distinct queries cannot grow it.
 */
const CACHED_QUERIES = 500;
const CACHED_QUERY_LENGTH = 2000;

/** Operation limits (graphql-armor depth, aliases, directives, tokens, plus a list-aware cost) shared by HTTP and websockets. */
export function createOperationGuard(limits: GatewayLimits): OperationGuard {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    // Armor's token plugin throws from parsingDidStart, which Apollo Server answers with a 500;
    // graphql-js's own parser limit (parseOptions.maxTokens) fails parsing proper, with a 400.
    maxTokens: { enabled: false },
    // Replaced by listCostRule, which multiplies by list fields.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: !!limits.blockFieldSuggestions },
  }).protect();
  const validationRules = [...armor.validationRules, listCostRule({ maxCost: limits.maxCost, listSize: limits.listSize })];
  const mask = (error: GraphQLError) =>
    limits.blockFieldSuggestions && / Did you mean /.test(error.message) ? copyWithMessage(error, error.message.replace(/ ?Did you mean ".+"\??/g, '')) : error;
  const accepted = new WeakMap<GraphQLSchema, Map<string, DocumentNode>>();
  return {
    plugins: [...armor.plugins, nameTheTokenLimit()],
    validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
    check(schema, query) {
      let cache = accepted.get(schema);
      if (!cache) {
        cache = new Map();
        accepted.set(schema, cache);
      }
      const known = cache.get(query);
      if (known) return { document: known };
      let document: DocumentNode;
      try {
        document = parse(query, { maxTokens: limits.maxTokens });
      } catch (error) {
        const parseError = error as GraphQLError;
        return { errors: [copyWithMessage(parseError, tokenLimitMessage(parseError.message), 'GRAPHQL_PARSE_FAILED')] };
      }
      const invalid = validate(schema, document, [...specifiedRules, ...validationRules]);
      if (invalid.length) return { errors: invalid.map((error) => mask(copyWithMessage(error, error.message, 'GRAPHQL_VALIDATION_FAILED'))) };
      if (query.length <= CACHED_QUERY_LENGTH) {
        if (cache.size >= CACHED_QUERIES) cache.delete(cache.keys().next().value as string);
        cache.set(query, document);
      }
      return { document };
    },
  };
}

const PARSER_TOKEN_LIMIT = /Document contains more tha[nt] (\d+) tokens\. Parsing aborted\./;

/** graphql-js says "Document contains more that N tokens"; clients see the setting's name, as for the other limits. */
function tokenLimitMessage(message: string): string {
  return message.replace(PARSER_TOKEN_LIMIT, 'Token limit of $1 exceeded (maxTokens).');
}

function nameTheTokenLimit(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) error.message = tokenLimitMessage(error.message);
        },
      };
    },
  };
}

function copyWithMessage(error: GraphQLError, message: string, code?: string): GraphQLError {
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, ...(code ? { code } : {}) },
  });
}

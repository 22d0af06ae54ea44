import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { GatewayLimits } from './GatewayLimits';
import { listCostRule } from './listCostRule';

export interface OperationGuard {
  /** For ApolloServer: armor's plugins (suggestion masking, token limit) and the limit rules. */
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  /**
   * The same checks for a transport that bypasses Apollo Server (graphql-ws): parse with the token
   * limit, validate with the spec rules and the limits, mask suggestions.
   */
  check(schema: GraphQLSchema, query: string): { document: DocumentNode } | { errors: GraphQLError[] };
}

/** Operation limits (graphql-armor depth, aliases, directives, tokens, plus a list-aware cost) shared by HTTP and websockets. */
export function createOperationGuard(limits: GatewayLimits): OperationGuard {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { n: limits.maxTokens },
    // Replaced by listCostRule, which multiplies by list fields.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: !!limits.blockFieldSuggestions },
  }).protect();
  const validationRules = [...armor.validationRules, listCostRule({ maxCost: limits.maxCost, listSize: limits.listSize })];
  const mask = (error: GraphQLError) =>
    limits.blockFieldSuggestions && / Did you mean /.test(error.message) ? copyWithMessage(error, error.message.replace(/ ?Did you mean ".+"\??/g, '')) : error;
  return {
    plugins: armor.plugins,
    validationRules,
    check(schema, query) {
      let document: DocumentNode;
      try {
        document = parse(query, { maxTokens: limits.maxTokens });
      } catch (error) {
        const parseError = error as GraphQLError;
        return { errors: [copyWithMessage(parseError, parseError.message, 'GRAPHQL_PARSE_FAILED')] };
      }
      const invalid = validate(schema, document, [...specifiedRules, ...validationRules]);
      if (invalid.length) return { errors: invalid.map((error) => mask(copyWithMessage(error, error.message, 'GRAPHQL_VALIDATION_FAILED'))) };
      return { document };
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

import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { SubgraphContext } from '../SubgraphContext';

/**
 * A scoped gateway credential reads one care circle and nothing more: any operation but a query
 * is refused with FORBIDDEN before a resolver runs, so no write can happen under it.
 */
export function useScopedReadOnly(): ApolloServerPlugin<SubgraphContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (!contextValue.scope || operation?.operation === 'query') return;
          throw new GraphQLError('A scoped credential can only read.', { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
        },
      };
    },
  };
}

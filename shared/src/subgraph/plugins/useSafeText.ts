import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { findUnsafeLiteral, findUnsafeText } from '../../validation';

/**
 * Refuses, before any resolver runs, a request whose variables or literals hold a NUL byte or a
 * lone surrogate: BAD_USER_INPUT naming the field
 * (HTTP 400, whose code and field the gateway passes on). Postgres cannot store NUL in text, and a lone
 * surrogate is not Unicode: either would fail later, after part of the work was done.
 */
export function useSafeText(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const path = findUnsafeText(request.variables ?? {}) ?? findUnsafeLiteral(document);
          if (!path) return;
          const field = path.replace(/\[\d+\]/g, '').split('.').pop();
          throw new GraphQLError(`${field ?? 'A value'} contains a NUL byte or invalid Unicode.`, {
            extensions: { code: 'BAD_USER_INPUT', field, path, http: { status: 400 } },
          });
        },
      };
    },
  };
}

import type { ApolloServerPlugin } from '@apollo/server';
import { errors } from '../errors/errors';

/** Replaces a final answer past `maxBytes` of JSON with RESPONSE_TOO_LARGE instead of sending it. */
export function useResponseSizeLimit(maxBytes: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const size = Buffer.byteLength(JSON.stringify(response.body.singleResult));
          if (size <= maxBytes) return;
          const error = errors.responseTooLarge(maxBytes);
          response.body.singleResult = { errors: [{ message: error.message, extensions: error.extensions }] };
        },
      };
    },
  };
}

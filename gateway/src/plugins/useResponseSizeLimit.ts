import type { ApolloServerPlugin } from '@apollo/server';
import { errors } from '../errors/errors';

/**
 * Replaces a final answer past `maxBytes` of JSON with RESPONSE_TOO_LARGE instead of sending it.
 * The size of `data` is kept per data object: requests that shared one execution (see
 * createPlanExecutor) share their data too, which is then measured once.
 */
export function useResponseSizeLimit(maxBytes: number): ApolloServerPlugin {
  const dataBytes = new WeakMap<object, number>();
  const sizeOf = (result: { data?: unknown }): number => {
    const data = result.data;
    if (typeof data !== 'object' || data === null) return Buffer.byteLength(JSON.stringify(result));
    let bytes = dataBytes.get(data);
    if (bytes === undefined) {
      bytes = Buffer.byteLength(JSON.stringify(data));
      dataBytes.set(data, bytes);
    }
    // The rest with `null` in data's place: the same JSON but for those four bytes.
    return Buffer.byteLength(JSON.stringify({ ...result, data: null })) - 4 + bytes;
  };
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          if (sizeOf(response.body.singleResult) <= maxBytes) return;
          const error = errors.responseTooLarge(maxBytes);
          response.body.singleResult = { errors: [{ message: error.message, extensions: error.extensions }] };
        },
      };
    },
  };
}

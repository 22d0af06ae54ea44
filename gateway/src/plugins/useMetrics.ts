import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayMetrics } from '../metrics/createMetrics';

/** Counts and times every operation Apollo Server runs (HTTP, websocket queries, authorize checks). */
export function useMetrics(metrics: GatewayMetrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const stop = metrics.operationDuration.startTimer();
      return {
        async willSendResponse({ operation, errors, response }) {
          const type = operation?.operation ?? 'unknown';
          const failed = !!errors?.length || (response.body.kind === 'single' && !!response.body.singleResult.errors?.length);
          stop({ type });
          metrics.operations.inc({ type, outcome: failed ? 'error' : 'success' });
        },
      };
    },
  };
}

import type { ApolloServerPlugin } from '@apollo/server';
import type { SubgraphMetrics } from './createSubgraphMetrics';

/** Times every request the subgraph's Apollo Server answers and counts the codes of the errors it sends. */
export function useSubgraphMetrics(metrics: SubgraphMetrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, operationName, response }) {
          // The formatted errors: the codes the caller really got.
          const sent = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const codes = sent.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.observe(operationName, operation?.operation ?? 'unknown', seconds, codes);
        },
      };
    },
  };
}

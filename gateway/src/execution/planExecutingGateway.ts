import type { ApolloGateway } from '@apollo/gateway';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { createPlanExecutor, type PlanExecutorOptions } from './createPlanExecutor';
import { gatewayInternals, type GatewayInternals } from './gatewayInternals';

/**
 * ApolloGateway for Apollo Server, with CareGraph's plan executor in front of its own:
 * ApolloGateway still loads the supergraph, plans every operation and runs what the lean
 * executor leaves to it (createPlanExecutor).
 */
export function planExecutingGateway(
  gateway: ApolloGateway,
  executorOptions: Pick<PlanExecutorOptions, 'serviceMap' | 'dedupe' | 'onDeduplicated'>,
): GatewayInterface {
  let internals: GatewayInternals | undefined;
  let clear = () => {};
  return {
    onSchemaLoadOrUpdate: (callback) =>
      gateway.onSchemaLoadOrUpdate((schema) => {
        internals = undefined; // a new supergraph: new planner, schemas and plans
        clear();
        callback(schema);
      }),
    async load(options) {
      const loaded = await gateway.load(options);
      const executor = createPlanExecutor({
        ...executorOptions,
        internals: () => (internals ??= gatewayInternals(gateway)),
        fallback: loaded.executor,
      });
      clear = executor.clear;
      return { executor: executor.executor };
    },
    stop: () => gateway.stop(),
  };
}

export { createPlanExecutor, type PlanExecutorOptions } from './createPlanExecutor';
export { executePlan } from './executePlan';
export type { Cursor, ExecutionState, ResultMap } from './ExecutionState';
export { planExecutingGateway } from './planExecutingGateway';
export { shapeResult } from './shapeResult';

export { createPlanExecutor, type PlanExecutorOptions } from './createPlanExecutor';
export { executePlan } from './executePlan';
export type { Cursor, ExecutionState, ResultMap } from './ExecutionState';
export { planExecutingGateway } from './planExecutingGateway';
export { compileShaper, type Shaper } from './compileShaper';
export { shapeResult } from './shapeResult';

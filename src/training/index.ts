/** Public surface of the training core, shared by the worker and the tests. */
export * from './config';
export * from './snapshot';
export {
  Trainer,
  DivergenceError,
  resolveSplitRule,
  secondStageStart,
  DECISION_GRID_SIZE,
  type TestTimeAggregationStep,
} from './trainer';
export { trainingLoop, type AdvanceRequest } from './run';
export { buildDataset } from './data/build';
export { describeSplitRule, assignSplits, type SplitName, type SplitRule } from './data/longtail';
export { METHODS, findMethod, getMethod } from './methods/registry';
export type { ExpertAggregation, ExpertsSpec, MethodDefinition, MethodFamily, PaperRef, ParamSpec } from './methods/types';

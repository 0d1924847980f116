/** Public API of @shenbao/workflows: definition types and validation, the shipped definitions, the case machine. */
export * from './definition.types';
export {
  validateDefinition,
  parseIsoDuration,
  type DefinitionFieldError,
  type DefinitionValidation,
  type IsoDuration,
} from './definition.schema';
export { workflowDefinitionJsonSchema, type JsonSchema } from './definition.json-schema';
export { fixedSeconds, isWholeDays } from './iso-duration';
export { GD_BDPZ_2019 } from './definitions/gd-bdpz-2019';
export {
  CASE_MACHINE_EVENT_TYPES,
  type CaseMachineContext,
  type CaseMachineEvent,
  type CaseMachineEventType,
  type PersistedCaseState,
} from './case-machine.types';
export { createCaseMachine, isStageEnabled, lifecycleOf, type CaseMachine } from './case.machine';
export {
  CaseEventRejectedError,
  applyCaseEvent,
  canApplyCaseEvent,
  caseMachineFor,
  foldCaseEvents,
  fromPersisted,
  initialCaseSnapshot,
  replayCaseEvent,
  isCaseEventNoOp,
  stageOf,
  substateOf,
  toPersisted,
  type CaseSnapshot,
  type CaseStateLike,
} from './case-machine.runtime';
export { toMermaid } from './mermaid';

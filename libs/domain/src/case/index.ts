export * from './case.events';
export * from './application.types';
export * from './case.commands';
export * from './case.state';
export * from './case.decider';
export { allowedActions, CASE_ACTIONS, openSeats, type CaseAction, type CaseDecideContext, type ExpertInfo } from './case.guards';
export { caseSnapshotKey } from './case.snapshot';
export { activePanel, canSeeCase, caseViewFor, isCaseParty } from './case.access';
export { currentHolder, supervisorOf } from './case.holder';

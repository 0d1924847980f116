export * from './user.events';
export * from './user.decider';
export * from './user.password';
export { applyChanges, validateProfile } from './user.profile';

export * from './expert.events';
export * from './expert.decider';

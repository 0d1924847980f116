/**
 * Shenbao's pure domain: commands, events, decide/evolve per aggregate (case, program, user, expert, workflow),
 * rules, authorization and domain errors. No framework, no I/O; the clock and ids come in as arguments.
 */
export * from './errors';
export * from './shared';
export * from './rules';
export * from './case';
export * from './program';
export * from './user';
export * from './expert';
export * from './workflow';
export * from './calendar';

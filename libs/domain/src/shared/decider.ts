/**
 * The decider shape every aggregate follows (emmett style): `decide` checks authorization and rules and returns
 * the events to append, or throws a `DomainError`; `evolve` folds an event into the state and never fails or
 * consults anything but its arguments, so replaying a stream always gives the same state.
 */
import type { DecideContext } from './actor';

/** A message as stored and as commanded: `{type, data}`. */
export type Message<T extends string, D> = { type: T; data: D };

export interface Decider<C, E, S, X = DecideContext> {
  initialState: S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S, ctx: X): E[];
}

/** The state after these events. */
export function fold<E, S>(decider: { initialState: S; evolve(state: S, event: E): S }, events: Iterable<E>): S {
  let state = decider.initialState;
  for (const e of events) state = decider.evolve(state, e);
  return state;
}

/** Used in the `default` branch of a switch over a union, so adding a member without handling it fails to compile. */
export function assertNever(x: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(x)}`);
}

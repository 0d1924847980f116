/**
 * Ids are never generated in the domain: command data carries ids the caller generated (uuid), so a decision is a
 * pure function and a retried command produces the same events. This module only names the streams of the
 * aggregates in this folder set; case and program streams are named next to their deciders.
 */
export { isId } from '../rules/formats';

/**
 * One stream per username: the store's `expectedRevision: 'no_stream'` on registration is what makes usernames
 * unique (two concurrent registrations of one name conflict in the store, not in a read model).
 */
export const userStream = (username: string): string => `user-${username}`;
export const expertStream = (expertId: string): string => `expert-${expertId}`;
export const workflowStream = (key: string): string => `workflow-${key}`;

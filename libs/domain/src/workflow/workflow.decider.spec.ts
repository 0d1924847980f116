import { GD_BDPZ_2019, type WorkflowDefinition } from '@shenbao/workflows';
import type { DecideContext, Role } from '../shared/actor';
import { fold } from '../shared/decider';
import { workflowDecider, workflowVersion, type WorkflowState } from './workflow.decider';
import type { WorkflowEvent } from './workflow.events';

const now = new Date('2019-03-01T08:00:00Z');
const as = (role: Role): DecideContext => ({ actor: { userId: `${role}-1`, role }, now });
const given = (events: WorkflowEvent[]): WorkflowState => fold(workflowDecider, events);
const publish = (events: WorkflowEvent[], definition: unknown, key = GD_BDPZ_2019.key, ctx = as('admin')): WorkflowEvent[] =>
  workflowDecider.decide({ type: 'PublishWorkflowVersion', data: { key, definition } }, given(events), ctx);
const version = (n: number): WorkflowDefinition => ({ ...structuredClone(GD_BDPZ_2019), version: n });
const published = (n: number): WorkflowEvent => ({ type: 'WorkflowVersionPublished', data: { key: GD_BDPZ_2019.key, version: n, definition: version(n) } });

describe('workflow decider', () => {
  it('publishes version 1 of a new workflow', () => {
    expect(publish([], version(1))).toEqual([published(1)]);
  });

  it('publishes the next version after the last', () => {
    expect(publish([published(1), published(2)], version(3))).toEqual([published(3)]);
  });

  it.each([
    ['a published version again (immutable)', [1, 2], 2],
    ['a gap', [1], 3],
    ['a first version other than 1', [], 2],
  ])('refuses %s', (_name, before, n) => {
    expect(() => publish(before.map(published), version(n))).toThrow(expect.objectContaining({
      code: 'RULE_VIOLATION',
      details: [expect.objectContaining({ rule: 'workflow.version' })],
    }));
  });

  it('refuses a definition whose key is not the workflow it is published under', () => {
    expect(() => publish([], version(1), 'other-key')).toThrow(expect.objectContaining({
      code: 'RULE_VIOLATION',
      details: [expect.objectContaining({ rule: 'workflow.key' })],
    }));
  });

  it('reports an invalid definition field by field, under `definition.`', () => {
    const bad = { ...version(1), panel: { size: 0, aggregation: 'median' } };
    expect(() => publish([], bad)).toThrow(expect.objectContaining({
      code: 'VALIDATION_FAILED',
      details: expect.arrayContaining([expect.objectContaining({ field: expect.stringMatching(/^definition\.panel/) })]),
    }));
    expect(() => publish([], 'not a definition')).toThrow(expect.objectContaining({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ field: 'definition' })],
    }));
  });

  it.each(['province', 'city', 'applicant', 'expert'] as Role[])('a %s may not publish', (role) => {
    expect(() => publish([], version(1), GD_BDPZ_2019.key, as(role))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('keeps every published version readable as published', () => {
    const state = given([published(1), published(2)]);
    expect(state.key).toBe(GD_BDPZ_2019.key);
    expect(workflowVersion(state, 2)).toEqual(version(2));
    expect(workflowVersion(state, 3)).toBeUndefined();
    expect(workflowVersion(state, 0)).toBeUndefined();
  });
});

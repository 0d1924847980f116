/** Publishing workflow definition versions (admin): validated, sequential (1, 2, 3, …) and immutable. */
import { validateDefinition, type WorkflowDefinition } from '@shenbao/workflows';
import { DomainError, type FieldError } from '../errors';
import type { DecideContext } from '../shared/actor';
import { assertNever, type Decider } from '../shared/decider';
import type { PublishWorkflowVersion, WorkflowCommand, WorkflowEvent } from './workflow.events';

export interface WorkflowState {
  /** Undefined until the first version is published. */
  key?: string;
  /** Published definitions by version; version n sits at index n - 1. */
  versions: WorkflowDefinition[];
}

export const WORKFLOW_RULES = { key: 'workflow.key', version: 'workflow.version' } as const;

// The body is `{definition}`, so the definition's own field paths are reported under `definition.`.
const underDefinition = (errors: readonly FieldError[]): FieldError[] =>
  errors.map((e) => ({
    field: e.field === '' ? 'definition' : e.field === 'definition' || e.field.startsWith('definition.') ? e.field : `definition.${e.field}`,
    messages: [...e.messages],
  }));

/**
 * The definition if valid, else VALIDATION_FAILED naming each field under `definition.` (as a request body has it).
 * Publishing checks this; so does the preview of an unpublished definition's diagram.
 */
export function validWorkflowDefinition(input: unknown): WorkflowDefinition {
  const result = validateDefinition(input);
  if (!result.ok) throw DomainError.validation(underDefinition(result.errors));
  return result.definition;
}

function publish(cmd: PublishWorkflowVersion, state: WorkflowState, ctx: DecideContext): WorkflowEvent[] {
  if (ctx.actor.role !== 'admin') throw new DomainError('FORBIDDEN', 'Only an administrator may publish workflow definitions.');
  const definition = validWorkflowDefinition(cmd.data.definition);
  const key = cmd.data.key;
  if (definition.key !== key || (state.key !== undefined && state.key !== key)) {
    throw DomainError.rules([{
      rule: WORKFLOW_RULES.key,
      message: `The definition's key ${definition.key} does not match the workflow ${state.key ?? key} it is published under.`,
    }]);
  }
  const expected = state.versions.length + 1;
  if (definition.version !== expected) {
    throw DomainError.rules([{
      rule: WORKFLOW_RULES.version,
      message:
        `Version must be ${expected}: versions are published in sequence and never changed ` +
        `(latest published: ${state.versions.length === 0 ? 'none' : state.versions.length}, given: ${definition.version}).`,
    }]);
  }
  return [{ type: 'WorkflowVersionPublished', data: { key, version: definition.version, definition } }];
}

export function decideWorkflow(command: WorkflowCommand, state: WorkflowState, ctx: DecideContext): WorkflowEvent[] {
  switch (command.type) {
    case 'PublishWorkflowVersion':
      return publish(command, state, ctx);
    default:
      return assertNever(command.type);
  }
}

export function evolveWorkflow(state: WorkflowState, event: WorkflowEvent): WorkflowState {
  if (event.type !== 'WorkflowVersionPublished') return state;
  return { key: event.data.key, versions: [...state.versions, event.data.definition] };
}

export const initialWorkflowState: WorkflowState = { versions: [] };

export const workflowDecider: Decider<WorkflowCommand, WorkflowEvent, WorkflowState> = {
  initialState: initialWorkflowState,
  evolve: evolveWorkflow,
  decide: decideWorkflow,
};

/** The definition of a published version, if any. */
export const workflowVersion = (state: WorkflowState, version: number): WorkflowDefinition | undefined =>
  Number.isInteger(version) && version >= 1 ? state.versions[version - 1] : undefined;

/**
 * Workflow definition versions: the stored contract of a workflow stream (`workflow-<key>`). A version, once
 * published, is never changed: a case keeps the version it started with, so fixing a definition means publishing
 * the next version.
 */
import type { WorkflowDefinition } from '@shenbao/workflows';
import type { Message } from '../shared/decider';

export type WorkflowVersionPublished = Message<'WorkflowVersionPublished', {
  key: string;
  version: number;
  definition: WorkflowDefinition;
}>;

export type WorkflowEvent = WorkflowVersionPublished;

/**
 * `key` is the stream's key (from `POST /workflows/:key/versions`), which the definition's own `key` must match;
 * `definition` is untrusted input, validated by the decider.
 */
export type PublishWorkflowVersion = Message<'PublishWorkflowVersion', { key: string; definition: unknown }>;

export type WorkflowCommand = PublishWorkflowVersion;

import { workflowDecider, workflowStream } from '@shenbao/domain';
import type { StreamSpec } from '../infrastructure/command-runner';
import type { WorkflowEvent, WorkflowState } from '@shenbao/domain';

/** The workflow stream of a key, as the command runner loads it. */
export const workflowSpec = (key: string): StreamSpec<WorkflowState, WorkflowEvent> => ({
  stream: workflowStream(key),
  model: workflowDecider,
});

/** Publishes the next version of a workflow definition; the decider validates it and keeps versions sequential. */
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import type { PublishWorkflowVersion, WorkflowEvent } from '@shenbao/domain';
import { workflowDecider } from '@shenbao/domain';
import { CommandRunner, WorkflowCatalog, workflowSpec } from '@shenbao/commands';
import { PublishWorkflowVersionCommand } from './publish-version.command';

@CommandHandler(PublishWorkflowVersionCommand)
export class PublishWorkflowVersionHandler implements ICommandHandler<PublishWorkflowVersionCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly catalog: WorkflowCatalog,
  ) {}

  async execute({ key, definition, actor, context }: PublishWorkflowVersionCommand): Promise<{ key: string; version: number }> {
    let published: WorkflowEvent | undefined;
    await this.runner.run(
      'PublishWorkflowVersion',
      { workflow: workflowSpec(key) },
      ({ workflow }, now) => {
        // Omitted key/version mean "this workflow, next version"; given ones are checked by the decider.
        const filled = { key, version: workflow.state.versions.length + 1, ...definition };
        const command: PublishWorkflowVersion = { type: 'PublishWorkflowVersion', data: { key, definition: filled } };
        const events = workflowDecider.decide(command, workflow.state, { actor, now });
        published = events[0];
        return { workflow: events };
      },
      context,
    );
    await this.catalog.catchUp();
    if (!published) throw new Error('the workflow decider published nothing');
    return { key: published.data.key, version: published.data.version };
  }
}

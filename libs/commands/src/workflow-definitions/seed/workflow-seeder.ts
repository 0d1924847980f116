/**
 * First start: publishes the shipped gd-bdpz-2019 v1 definition when the log does not have it yet. The event id is
 * name-based, so two processes seeding at once (or a retried seed) store it once.
 */
import { Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { workflowDecider } from '@shenbao/domain';
import { GD_BDPZ_2019 } from '@shenbao/workflows';
import type { WorkflowDefinition } from '@shenbao/workflows';
import { CommandRunner } from '../../infrastructure/command-runner';
import { nameBasedId } from '../../infrastructure/ids';
import { newId } from '../../infrastructure/ids';
import { WorkflowCatalog } from '../workflow-catalog';
import { workflowSpec } from '../workflow-stream';

export const SHIPPED_WORKFLOWS: readonly WorkflowDefinition[] = [GD_BDPZ_2019];

@Injectable()
export class WorkflowSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('WorkflowSeeder');

  constructor(
    private readonly runner: CommandRunner,
    private readonly catalog: WorkflowCatalog,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const definition of SHIPPED_WORKFLOWS) await this.seed(definition);
  }

  private async seed(definition: WorkflowDefinition): Promise<void> {
    const { key, version } = definition;
    const result = await this.runner.run(
      'PublishWorkflowVersion',
      { workflow: workflowSpec(key) },
      ({ workflow }, now) => {
        if (workflow.state.versions.length >= version) return {};
        const events = workflowDecider.decide(
          { type: 'PublishWorkflowVersion', data: { key, definition } },
          workflow.state,
          { actor: { userId: 'system', role: 'admin' }, now },
        );
        return { workflow: events.map((e) => ({ ...e, id: nameBasedId(`workflow:${key}:${version}`) })) };
      },
      { actor: { userId: 'system', role: 'system' }, correlationId: newId() },
    );
    await this.catalog.catchUp();
    if (result.appended > 0) this.logger.log(`Seeded workflow ${key} v${version}.`);
  }
}

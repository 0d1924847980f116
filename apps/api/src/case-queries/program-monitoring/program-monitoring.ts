/**
 * The program's monitoring answer for a viewer at a read position: worked out from the monitoring read model
 * (monitoring.view.ts) and kept until an event or the clock changes it (monitoring-answers.ts). Read by
 * `GET /programs/:id/monitoring` and by the export's 跟踪监测 sheet, so both show the same table.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@shenbao/domain';
import { monitoredProgramExists, monitoredZones } from '@shenbao/projections';
import type { MonitoredZone, Visibility } from '@shenbao/projections';
import type { WorkflowDefinition } from '@shenbao/workflows';
import { CLOCK } from '@shenbao/host';
import type { Clock } from '@shenbao/host';
import { shippedDefinitions } from '../../read-side/read-models.db';
import { ReadModels } from '../../read-side/read-models.service';
import { WorkflowCatalog } from '@shenbao/commands';
import { MonitoringAnswers } from './monitoring-answers';
import { monitoringAnswer, type ZoneView } from './monitoring.view';

@Injectable()
export class ProgramMonitoring {
  private readonly answers = new MonitoringAnswers();

  constructor(
    private readonly readModels: ReadModels,
    private readonly catalog: WorkflowCatalog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The zones `viewer` may see, at risk first; the read models stand at `position`. 404 for an unknown program. */
  zones(programId: string, viewer: Visibility, position: number): { zones: ZoneView[] } {
    const now = this.clock();
    const key = `${programId}|${viewer.role === 'city' ? `city:${viewer.cityCode ?? ''}` : 'all'}`;
    const kept = this.answers.get(key, position, now);
    if (kept) return kept;
    if (!monitoredProgramExists(this.readModels.db, programId)) throw new DomainError('NOT_FOUND', `No program ${programId}.`);
    const answer = monitoringAnswer(monitoredZones(this.readModels.db, programId, viewer), (z) => this.definition(z), now);
    this.answers.set(key, position, answer.validUntil, answer.view);
    return answer.view;
  }

  private definition(zone: MonitoredZone): WorkflowDefinition {
    const { key, version } = zone.workflow;
    const def = this.catalog.get(key, version)?.definition ?? shippedDefinitions(key, version);
    if (!def) throw new Error(`workflow ${key}@${version} of case ${zone.caseId} is unknown to this process`);
    return def;
  }
}

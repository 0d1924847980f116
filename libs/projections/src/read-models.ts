/** The read models the app runs, in one list (the runner's projections). */
import { CaseListProjection } from './case-list/case-list.projection';
import { DashboardProjection } from './dashboard/dashboard.projection';
import { InboxProjection } from './inbox/inbox.projection';
import { MonitoringProjection } from './monitoring/monitoring.projection';
import type { Db, Projection } from './projection-runner';
import type { ResolveDefinition } from './shared/case-states';
import type { StageDue } from './case-list/case-list.due';

/**
 * The projections over `db`. Tables are created by the runner (`init`), not here, so a version bump can drop them
 * first. `db` is only named so callers wire the same handle to the runner and the queries. `stageDue` is the
 * scheduler's due-time arithmetic (the case list sorts on it).
 */
export function createReadModels(_db: Db, resolveDefinition: ResolveDefinition, stageDue: StageDue): Projection[] {
  return [
    new CaseListProjection(resolveDefinition, stageDue),
    new DashboardProjection(resolveDefinition),
    new InboxProjection(resolveDefinition),
    new MonitoringProjection(),
  ];
}

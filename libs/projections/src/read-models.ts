/** The read models the app runs, in one list (the runner's projections). */
import { CaseListProjection } from './case-list/case-list.projection';
import { DashboardProjection } from './dashboard/dashboard.projection';
import { InboxProjection } from './inbox/inbox.projection';
import type { Db, Projection } from './projection-runner';
import type { ResolveDefinition } from './shared/case-states';

/**
 * The projections over `db`. Tables are created by the runner (`init`), not here, so a version bump can drop them
 * first. `db` is only named so callers wire the same handle to the runner and the queries.
 */
export function createReadModels(_db: Db, resolveDefinition: ResolveDefinition): Projection[] {
  return [
    new CaseListProjection(resolveDefinition),
    new DashboardProjection(resolveDefinition),
    new InboxProjection(resolveDefinition),
  ];
}

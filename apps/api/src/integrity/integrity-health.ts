/**
 * The `integrity` entry of /health. Always `up`: an incident does not stop the engine (other streams are sound and
 * keep working; a 503 would only make an orchestrator restart an instance that a restart cannot mend), so it is shown
 * as `state: "degraded"` with the incidents (stream, position, kind; the first 20) while /health stays 200.
 */
import type { IntegrityService } from './integrity.service';

const SHOWN = 20;

export function integrityHealth(integrity: IntegrityService, head: number | undefined): Record<string, unknown> {
  const incidents = integrity.incidents();
  const base = { verifiedThrough: integrity.verifiedThrough, ...(head === undefined ? {} : { head }), signedTreeHeadSize: integrity.treeHeads.latest()?.size ?? 0 };
  if (incidents.length === 0) return { ...base, state: 'ok' };
  return {
    ...base,
    state: 'degraded',
    incidentCount: incidents.length,
    incidents: incidents.slice(0, SHOWN).map(({ stream, position, kind }) => ({ stream, position, kind })),
    warning: `${incidents.length} integrity incident(s): the log (or an attachment's stored bytes) was changed outside the engine; see GET /api/v1/integrity. Broken streams take no more events.`,
  };
}

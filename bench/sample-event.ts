/**
 * The event the event store benchmarks append: an expert's score (a few hundred bytes with Chinese text), numbered
 * so ids, instants and correlation ids are unique within a run.
 */
import type { NewEvent } from '@shenbao/event-store';

let seq = 0;

export function sampleEvent(i: number): NewEvent {
  seq += 1;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    type: 'ExpertScoreSubmitted',
    data: {
      expertId: `expert-${i % 37}`,
      scores: { innovation: 18, feasibility: 22, dataResources: 15, benefits: 19 },
      total: 74,
      comment: '项目数据资源整合方案较完整，建议加强数据安全管理。',
      submittedVia: 'web',
    },
    metadata: {
      actor: `u-${i % 50}`,
      role: 'expert',
      at: new Date(Date.UTC(2026, 2, 1) + seq * 1000).toISOString(),
      correlationId: `corr-${seq}`,
      causationId: `cmd-${seq}`,
      schemaVersion: 1,
    },
  };
}

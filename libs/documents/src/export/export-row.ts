/**
 * One row of the program export per case, summarised from the case's events (no machine fold: the stage comes from
 * the caller, the rest is read off the events, which is what keeps an export of 10,000 cases within seconds).
 */
import type { Application, ApplicantParty, CaseEvent, Party } from '@shenbao/domain';
import { stageNameZh } from '@shenbao/workflows';
import { placeName, type RegionNames } from '../names';

export interface ExportCase {
  caseId: string;
  stage: string;
  applicant: ApplicantParty;
  partners: Party[];
  /** The case's events with the instant each was recorded at, in stream order. */
  events: { type: string; data: unknown; at: string }[];
}

export const EXPORT_COLUMNS = [
  { key: 'caseId', header: '申报编号', width: 38 },
  { key: 'unitName', header: '申报单位', width: 28 },
  { key: 'level', header: '申报级别', width: 10 },
  { key: 'city', header: '所在地市', width: 10 },
  { key: 'district', header: '所在区县', width: 12 },
  { key: 'partners', header: '联合申报单位', width: 30 },
  { key: 'stage', header: '当前阶段', width: 12 },
  { key: 'createdOn', header: '创建日期', width: 12 },
  { key: 'submittedOn', header: '提交日期', width: 12 },
  { key: 'recommendedOn', header: '推荐日期', width: 12 },
  { key: 'recommendationLetters', header: '推荐函文号', width: 24 },
  { key: 'reviewScore', header: '专家评审得分', width: 12 },
  { key: 'publicity', header: '公示期', width: 24 },
  { key: 'approvedOn', header: '批复日期', width: 12 },
  { key: 'replyLetterNo', header: '批复文号', width: 26 },
  { key: 'totalInvestment', header: '计划总投资（万元）', width: 16 },
] as const;

export type ExportColumn = (typeof EXPORT_COLUMNS)[number]['key'];
export type ExportRow = Record<ExportColumn, string | number | null>;

type Data<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }>['data'];

/** `YYYY-MM-DD` of an instant in Asia/Shanghai. */
export const shanghaiDay = (at: string): string => new Date(Date.parse(at) + 8 * 3600_000).toISOString().slice(0, 10);

export function exportRow(c: ExportCase, regions: RegionNames[]): ExportRow {
  let application: Application | undefined;
  let submittedAt: string | undefined;
  let score: number | null = null;
  let publicity: Data<'PublicityStarted'> | undefined;
  let approval: Data<'ApprovalGranted'> | undefined;
  const recommendations: Data<'RecommendationIssued'>[] = [];
  for (const e of c.events) {
    switch (e.type) {
      case 'ApplicationSaved':
        application = (e.data as Data<'ApplicationSaved'>).application;
        break;
      case 'CaseSubmitted':
        submittedAt ??= e.at;
        break;
      case 'RecommendationIssued':
        recommendations.push(e.data as Data<'RecommendationIssued'>);
        break;
      case 'ExpertReviewConcluded': {
        const s = (e.data as Data<'ExpertReviewConcluded'>).score;
        score = s ?? null;
        break;
      }
      case 'PublicityStarted':
        publicity = e.data as Data<'PublicityStarted'>;
        break;
      case 'ApprovalGranted':
        approval = e.data as Data<'ApprovalGranted'>;
        break;
    }
  }
  const a = c.applicant;
  return {
    caseId: c.caseId,
    unitName: application?.cover.unitName ?? a.unitName,
    level: a.level === 'city' ? '地市' : '区县',
    city: placeName(regions, a.cityCode),
    district: a.districtCode !== undefined ? placeName(regions, a.cityCode, a.districtCode).slice(placeName(regions, a.cityCode).length) : '',
    partners: c.partners.map((p) => `${p.unitName}（${placeName(regions, p.cityCode, p.districtCode)}）`).join('；'),
    stage: stageNameZh(c.stage),
    createdOn: c.events[0] ? shanghaiDay(c.events[0].at) : '',
    submittedOn: submittedAt ? shanghaiDay(submittedAt) : '',
    recommendedOn: recommendations.map((r) => r.issuedOn).join('；'),
    recommendationLetters: recommendations.map((r) => r.letterNo).join('；'),
    reviewScore: score,
    publicity: publicity ? `${shanghaiDay(publicity.startsAt)}至${shanghaiDay(publicity.endsAt)}` : '',
    approvedOn: approval?.repliedOn ?? '',
    replyLetterNo: approval?.replyLetterNo ?? '',
    totalInvestment: application ? Math.round(application.keyProjects.reduce((s, p) => s + p.totalInvestment, 0) * 100) / 100 : null,
  };
}

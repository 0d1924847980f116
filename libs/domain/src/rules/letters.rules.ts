/**
 * The numbers and dates of the letters that move a case on (422 RULE_VIOLATION, each breach naming its rule). Dates
 * are calendar days in the program's time zone (Asia/Shanghai); "today" comes from the clock passed in.
 *
 * Recommendation letter (推荐函), issued by a city for a case:
 * - `recommendation.letterNo.unique`: the city has not issued a letter with this number in this program before
 *   (numbers are compared without whitespace; another city may use the same number; a withdrawn case's letter keeps
 *   its number);
 * - `recommendation.issuedOn.notFuture`: `issuedOn` is not after today;
 * - `recommendation.issuedOn.afterAudit`: `issuedOn` is not before the day this city passed the case's audit (its
 *   latest pass; audits recorded before the pass day was kept are not checked).
 *
 * Reply letter (批复/函复), granted by the province:
 * - `approval.replyLetterNo.unique`: no approval of this program was recorded with this number (older approvals,
 *   stored before the number was kept in the program stream, are not seen);
 * - `approval.repliedOn.notFuture`: `repliedOn` is not after today;
 * - `approval.repliedOn.afterPublicity`: `repliedOn` is not before the day the publicity period ended (the day of
 *   its end instant);
 * - `approval.repliedOn.afterLastBatch`: `repliedOn` is not before the latest approval batch of the program
 *   (approvals roll forward, 第 N 批 after 第 N−1 批; the same day joins that batch).
 */
import type { RuleBreach } from '../errors';

export interface RecommendationFacts {
  letterNo: string;
  issuedOn: string;
  today: string;
  /** The day this city passed the audit, when known. */
  auditPassedOn?: string;
  letterUsed: boolean;
}

export function recommendationBreaches(f: RecommendationFacts): RuleBreach[] {
  const out: RuleBreach[] = [];
  if (f.letterUsed) {
    out.push({ rule: 'recommendation.letterNo.unique', message: `Recommendation letter number "${f.letterNo}" was already issued by this city in this program; letter numbers are unique per city and program.` });
  }
  if (f.issuedOn > f.today) {
    out.push({ rule: 'recommendation.issuedOn.notFuture', message: `issuedOn ${f.issuedOn} lies in the future (today is ${f.today}, Asia/Shanghai).` });
  }
  if (f.auditPassedOn !== undefined && f.issuedOn < f.auditPassedOn) {
    out.push({ rule: 'recommendation.issuedOn.afterAudit', message: `issuedOn ${f.issuedOn} is before the city audit passed the case on ${f.auditPassedOn}.` });
  }
  return out;
}

export interface ApprovalFacts {
  replyLetterNo: string;
  repliedOn: string;
  today: string;
  /** The day the case's publicity period ended, when known. */
  publicityEndedOn?: string;
  /** The date of the program's latest approval batch, if any. */
  latestBatchOn?: string;
  letterUsed: boolean;
}

export function approvalBreaches(f: ApprovalFacts): RuleBreach[] {
  const out: RuleBreach[] = [];
  if (f.letterUsed) {
    out.push({ rule: 'approval.replyLetterNo.unique', message: `Reply letter number "${f.replyLetterNo}" is already used by an approval of this program; reply letter numbers are unique per program.` });
  }
  if (f.repliedOn > f.today) {
    out.push({ rule: 'approval.repliedOn.notFuture', message: `repliedOn ${f.repliedOn} lies in the future (today is ${f.today}, Asia/Shanghai).` });
  }
  if (f.publicityEndedOn !== undefined && f.repliedOn < f.publicityEndedOn) {
    out.push({ rule: 'approval.repliedOn.afterPublicity', message: `repliedOn ${f.repliedOn} is before the publicity period ended on ${f.publicityEndedOn}.` });
  }
  if (f.latestBatchOn !== undefined && f.repliedOn < f.latestBatchOn) {
    out.push({ rule: 'approval.repliedOn.afterLastBatch', message: `repliedOn ${f.repliedOn} is before the latest approval batch of this program (${f.latestBatchOn}); a new batch cannot be dated before an earlier one.` });
  }
  return out;
}

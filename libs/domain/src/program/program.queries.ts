/** Pure reads over a program's state, shared by the case decider, the handlers and the dashboard. */
import { dateIn, PROGRAM_TIME_ZONE } from './program.dates';
import type { ProgramEvent } from './program.events';
import type { ProgramState } from './program.state';

/** A case of the program as its stream records it: registered (level, city) and, once it is, closed. */
export interface ProgramCase {
  caseId: string;
  cityCode: string;
  closed: boolean;
}

/**
 * The program's cases in the order they registered, from its stream's events. The program state does not keep
 * them (it would cost a copy of every case at each program-writing command), so the rare readers that need the
 * whole list — the window-closing reminder — read the stream.
 */
export function programCases(events: Iterable<ProgramEvent>): ProgramCase[] {
  const byId = new Map<string, ProgramCase>();
  for (const e of events) {
    if (e.type === 'CaseRegistered') byId.set(e.data.caseId, { caseId: e.data.caseId, cityCode: e.data.cityCode, closed: false });
    else if (e.type === 'CaseClosed') {
      const known = byId.get(e.data.caseId);
      if (known) known.closed = true;
    }
  }
  return [...byId.values()];
}

/** Recommendation slots a city still has (district-level cases only count); 0 for a city not in the program. */
export function remainingSlots(program: ProgramState, cityCode: string): number {
  const limit = program.limits[cityCode];
  if (limit === undefined) return 0;
  return Math.max(0, limit - (program.recommended[cityCode]?.length ?? 0));
}

/** Whether the Asia/Shanghai calendar date of `now` lies within the program's inclusive window. */
export function windowOpen(program: ProgramState, now: Date): boolean {
  const today = dateIn(now, PROGRAM_TIME_ZONE);
  return program.settings.window.opensOn <= today && today <= program.settings.window.closesOn;
}

export function approvalsUsed(program: ProgramState): number {
  return program.approvals;
}

/** Approvals replied on the same date share a batch (第 N 批); a new date opens the next batch number. */
export function approvalBatchNoFor(program: ProgramState, repliedOn: string): number {
  const same = program.approvalBatches.find((b) => b.repliedOn === repliedOn);
  if (same) return same.batchNo;
  return program.approvalBatches.reduce((max, b) => Math.max(max, b.batchNo), 0) + 1;
}

export function regionOf(program: ProgramState, cityCode: string) {
  return program.settings.regions.find((r) => r.cityCode === cityCode);
}

export function publicityBatchOf(program: ProgramState, batchId: string) {
  return program.publicityBatches.find((b) => b.batchId === batchId);
}

/** The open (not withdrawn or rejected) city-level case of a city, if any. */
export function openCityLevelCase(program: ProgramState, cityCode: string): string | undefined {
  return program.cityLevelOpen[cityCode]?.[0];
}

/** A letter number as compared for uniqueness: trimmed, inner whitespace dropped (`粤工信函 〔2019〕 9号` = `粤工信函〔2019〕9号`). */
export const letterKey = (letterNo: string): string => letterNo.replace(/\s+/g, '');

/** Whether the city already issued a recommendation letter with this number in the program. */
export function recommendationLetterUsed(program: ProgramState, cityCode: string, letterNo: string): boolean {
  return (program.letters.recommendation[cityCode] ?? []).some((n) => letterKey(n) === letterKey(letterNo));
}

/** Whether a reply letter (函复) with this number was already recorded in the program. */
export function replyLetterUsed(program: ProgramState, replyLetterNo: string): boolean {
  return program.letters.reply.some((n) => letterKey(n) === letterKey(replyLetterNo));
}

/** The date of the latest approval batch (approvals roll forward: a new batch is never dated before it). */
export function latestApprovalDate(program: ProgramState): string | undefined {
  return program.approvalBatches.reduce<string | undefined>((max, b) => (max === undefined || b.repliedOn > max ? b.repliedOn : max), undefined);
}

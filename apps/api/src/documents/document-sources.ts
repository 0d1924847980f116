/**
 * What each generated document is made from, read through the case detail's own read path (CaseReader: the stream
 * folded, visibility exactly as `GET /cases/:id`) and the program's current fold. A document whose source does not
 * exist yet — no saved application, no recommendation, no approval — answers 404 NOT_FOUND naming what is missing:
 * the document is a resource that does not exist (yet). The one exception is the 推荐函 before its recommendation,
 * made from the letter number and date the caller gives: those are judged by the recommendation's rules (422).
 */
import { Inject, Injectable } from '@nestjs/common';
import { allowedActions, DomainError, letterBreaches } from '@shenbao/domain';
import type { Actor, CaseState, ProgramState } from '@shenbao/domain';
import {
  letterheadFor, placeName, programsWithLetterheads,
  type ApplicationInput, type ApprovalInput, type Letterhead, type PublicityInput, type RecommendationInput,
} from '@shenbao/documents';
import type { StoredEvent } from '@shenbao/event-store';
import { CLOCK } from '@shenbao/host';
import type { Clock } from '@shenbao/host';
import { CaseReader } from '../case-queries/case-detail/case-reader';

const missing = (message: string): DomainError => new DomainError('NOT_FOUND', message);

/** The letterhead of the program, by its key, else by its workflow's key (the notice's procedure). */
export function letterheadOf(program: ProgramState): Letterhead {
  const l = letterheadFor(program.settings.key) ?? letterheadFor(program.settings.workflow.key);
  if (!l) throw missing(`Program ${program.settings.key} has no letterhead for generated letters (known: ${programsWithLetterheads().join(', ')}).`);
  return l;
}

/** 广州市天河区 (the applicant), followed by the joint applicants' places: 广州市天河区、佛山市南海区. */
export function placesOf(state: CaseState, program: ProgramState): string {
  const places = [state.applicant, ...state.partners].map((p) => placeName(program.settings.regions, p.cityCode, p.districtCode));
  return [...new Set(places)].join('、');
}

export const unitNameOf = (state: CaseState): string => state.application?.cover.unitName ?? state.applicant.unitName;

@Injectable()
export class DocumentSources {
  constructor(
    private readonly cases: CaseReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async application(caseId: string, actor: Actor): Promise<{ input: ApplicationInput; state: CaseState }> {
    const { state, events } = await this.cases.loadVisible(caseId, actor);
    if (!state.application) throw missing(`Case ${caseId} has no saved application yet: the 申报书 is made from it.`);
    const program = await this.program(state.programId);
    const saved = lastOf(events, 'ApplicationSaved')!;
    const letterhead = letterheadFor(program.settings.key) ?? letterheadFor(program.settings.workflow.key);
    return {
      state,
      input: {
        application: state.application,
        taskNames: Object.fromEntries(program.settings.tasks.map((t) => [t.code, t.name])),
        ...(letterhead ? { letterhead } : {}),
        year: Number(program.settings.window.opensOn.slice(0, 4)),
        savedAt: new Date(saved.metadata.at),
      },
    };
  }

  /**
   * The recommendation letter: `cityCode` chooses among a joint case's letters (one per city); by default a city
   * user gets its own city's, anyone else the applicant's city's, else the first issued.
   *
   * Before its city recommends, a letter to print, seal and upload back (the program's paperwork may ask for the
   * sealed scan before the recommendation): `draft` gives the letter number and date the recommendation will carry,
   * for an officer of a city that may recommend the case now (its `allowedActions` hold `recommendation`), judged by
   * the recommendation's own letter rules (422 naming them).
   */
  async recommendation(caseId: string, actor: Actor, cityCode?: string, draft?: { letterNo: string; issuedOn: string }): Promise<{ input: RecommendationInput; place: string }> {
    const { state, definition } = await this.cases.loadVisible(caseId, actor);
    const letters = state.recommendations;
    const wanted = cityCode ?? (actor.role === 'city' ? actor.cityCode : undefined);
    const issued = wanted !== undefined
      ? letters.find((r) => r.cityCode === wanted)
      : letters.find((r) => r.cityCode === state.applicant.cityCode) ?? letters[0];
    const program = await this.program(state.programId);
    let letter: { letterNo: string; issuedOn: string; cityCode: string } | undefined = issued;
    if (!letter && draft && actor.role === 'city' && actor.cityCode !== undefined && wanted === actor.cityCode) {
      const ctx = { now: this.clock(), definition, program };
      if (!allowedActions(state, actor, ctx).includes('recommendation')) {
        throw missing(`Case ${caseId} cannot be recommended by city ${actor.cityCode} now: there is no 推荐函 to make for it.`);
      }
      const breaches = letterBreaches(state, actor.cityCode, draft, ctx);
      if (breaches.length > 0) throw DomainError.rules(breaches);
      letter = { ...draft, cityCode: actor.cityCode };
    }
    if (!letter) {
      throw missing(
        `Case ${caseId} has no recommendation${wanted !== undefined ? ` from city ${wanted}` : ''} yet: the 推荐函 is made from it` +
          (actor.role === 'city' ? ' (before it, ?letterNo=…&issuedOn=… gives the letter to seal and upload, to a city that may recommend the case).' : '.'),
      );
    }
    const place = placesOf(state, program);
    return {
      place,
      input: {
        letterhead: letterheadOf(program),
        letterNo: letter.letterNo,
        issuedOn: letter.issuedOn,
        place,
        unit: `${placeName(program.settings.regions, letter.cityCode)}工业和信息化主管部门`,
      },
    };
  }

  async approval(caseId: string, actor: Actor): Promise<{ input: ApprovalInput; place: string }> {
    const { state } = await this.cases.loadVisible(caseId, actor);
    if (!state.approval) throw missing(`Case ${caseId} has no approval yet: the 函复 is made from it.`);
    const program = await this.program(state.programId);
    const place = placesOf(state, program);
    const { startsAt, endsAt } = state.publicity;
    return {
      place,
      input: {
        letterhead: letterheadOf(program),
        replyLetterNo: state.approval.replyLetterNo,
        repliedOn: state.approval.repliedOn,
        addressee: unitNameOf(state),
        place,
        ...(startsAt !== undefined && endsAt !== undefined ? { publicity: { startsAt, endsAt } } : {}),
        targetDate: program.settings.targetDate,
      },
    };
  }

  /** A publicity batch's notice: the zones in the batch's order, read as the (province or admin) caller sees them. */
  async publicity(programId: string, batchId: string, actor: Actor): Promise<PublicityInput> {
    const program = await this.program(programId);
    const batch = program.publicityBatches.find((b) => b.batchId === batchId);
    if (!batch) throw missing(`Program ${programId} has no publicity batch ${batchId}.`);
    const zones: PublicityInput['zones'] = [];
    for (const caseId of batch.caseIds) {
      const { state } = await this.cases.loadVisible(caseId, actor);
      zones.push({ unitName: unitNameOf(state), place: placesOf(state, program) });
    }
    return { letterhead: letterheadOf(program), programName: program.settings.name, startsAt: batch.startsAt, endsAt: batch.endsAt, zones };
  }

  async program(programId: string): Promise<ProgramState> {
    const program = await this.cases.program(programId);
    if (!program) throw missing(`No program ${programId}.`);
    return program;
  }
}

function lastOf(events: StoredEvent[], type: string): StoredEvent | undefined {
  for (let i = events.length - 1; i >= 0; i--) if (events[i]!.type === type) return events[i];
  return undefined;
}

/**
 * Program state folded from its stream: the settings plus the cross-case counters the case decider consults
 * (recommendations used per city, open city-level cases, approvals and their batches, publicity batches).
 * Arrays and records rather than Sets so the state stays JSON-safe and deep-equal comparable.
 */
import type { ApplicantLevel } from '../case/case.events';
import type { CaseClosedOutcome, ProgramEvent, ProgramSettings } from './program.events';

export interface ProgramCaseEntry {
  level: ApplicantLevel;
  cityCode: string;
  districtCode?: string;
  cities: string[];
  closed?: CaseClosedOutcome;
}

export interface PublicityBatch {
  batchId: string;
  caseIds: string[];
  startsAt: string;
  endsAt: string;
}

export interface ApprovalBatch {
  batchNo: number;
  repliedOn: string;
  caseIds: string[];
}

export interface ProgramState {
  programId: string;
  settings: ProgramSettings;
  /** City code → recommendation limit (district-level cases). */
  limits: Record<string, number>;
  /** City code → case ids holding one of that city's recommendation slots. */
  recommended: Record<string, string[]>;
  /** City code → the open city-level case ids (at most one by rule). */
  cityLevelOpen: Record<string, string[]>;
  cases: Record<string, ProgramCaseEntry>;
  publicityBatches: PublicityBatch[];
  approvalBatches: ApprovalBatch[];
  approvals: number;
  /**
   * Letter numbers taken in this program: recommendation letters per issuing city, reply letters program-wide. Kept
   * as issued (trimmed); compared by `letterKey` so that spacing differences do not make a number new.
   */
  letters: { recommendation: Record<string, string[]>; reply: string[] };
  /** The window-closing reminder went out / the close was recorded (each once). */
  windowClosingReminded?: boolean;
  windowClosed?: boolean;
}

/** Before `ProgramCreated` there is no program. */
export type ProgramFold = ProgramState | null;

export const initialProgramState: ProgramFold = null;

const without = (ids: string[] | undefined, id: string): string[] => (ids ?? []).filter((x) => x !== id);

export function evolveProgram(state: ProgramFold, event: ProgramEvent): ProgramFold {
  if (event.type === 'ProgramCreated') {
    const { programId, ...settings } = event.data;
    return {
      programId,
      settings,
      limits: Object.fromEntries(settings.regions.map((r) => [r.cityCode, r.limit])),
      recommended: Object.fromEntries(settings.regions.map((r) => [r.cityCode, []])),
      cityLevelOpen: Object.fromEntries(settings.regions.map((r) => [r.cityCode, []])),
      cases: {},
      publicityBatches: [],
      approvalBatches: [],
      approvals: 0,
      letters: { recommendation: {}, reply: [] },
    };
  }
  // Events of a program that does not exist cannot be in a well-formed stream; ignore rather than invent one.
  if (!state) return state;
  switch (event.type) {
    case 'CaseRegistered': {
      const { caseId, ...entry } = event.data;
      const cityLevelOpen =
        entry.level === 'city'
          ? { ...state.cityLevelOpen, [entry.cityCode]: [...without(state.cityLevelOpen[entry.cityCode], caseId), caseId] }
          : state.cityLevelOpen;
      return { ...state, cases: { ...state.cases, [caseId]: entry }, cityLevelOpen };
    }
    case 'RecommendationSlotUsed': {
      const { caseId, cityCode } = event.data;
      return { ...state, recommended: { ...state.recommended, [cityCode]: [...without(state.recommended[cityCode], caseId), caseId] } };
    }
    case 'RecommendationSlotReleased': {
      const { caseId, cityCode } = event.data;
      return { ...state, recommended: { ...state.recommended, [cityCode]: without(state.recommended[cityCode], caseId) } };
    }
    case 'CaseClosed': {
      const { caseId, outcome } = event.data;
      const entry = state.cases[caseId];
      if (!entry) return state;
      const frees = outcome === 'withdrawn' || outcome === 'rejected';
      const cityLevelOpen =
        frees && entry.level === 'city'
          ? { ...state.cityLevelOpen, [entry.cityCode]: without(state.cityLevelOpen[entry.cityCode], caseId) }
          : state.cityLevelOpen;
      return { ...state, cases: { ...state.cases, [caseId]: { ...entry, closed: outcome } }, cityLevelOpen };
    }
    case 'PublicityBatchOpened':
      return { ...state, publicityBatches: [...state.publicityBatches, { ...event.data }] };
    case 'ApprovalRecorded': {
      const { caseId, batchNo, repliedOn, replyLetterNo } = event.data;
      const existing = state.approvalBatches.find((b) => b.batchNo === batchNo);
      const approvalBatches = existing
        ? state.approvalBatches.map((b) => (b.batchNo === batchNo ? { ...b, caseIds: [...b.caseIds, caseId] } : b))
        : [...state.approvalBatches, { batchNo, repliedOn, caseIds: [caseId] }];
      const reply = replyLetterNo === undefined ? state.letters.reply : [...state.letters.reply, replyLetterNo];
      return { ...state, approvalBatches, approvals: state.approvals + 1, letters: { ...state.letters, reply } };
    }
    case 'RecommendationLetterRecorded': {
      const { cityCode, letterNo } = event.data;
      const recommendation = { ...state.letters.recommendation, [cityCode]: [...(state.letters.recommendation[cityCode] ?? []), letterNo] };
      return { ...state, letters: { ...state.letters, recommendation } };
    }
    case 'ProgramWindowClosing':
      return { ...state, windowClosingReminded: true };
    case 'ProgramWindowClosed':
      return { ...state, windowClosed: true };
    default: {
      const never: never = event;
      return never;
    }
  }
}

export const foldProgram = (events: readonly ProgramEvent[]): ProgramFold => events.reduce(evolveProgram, initialProgramState);

/**
 * Program state folded from its stream: the settings plus the cross-case counters the case decider consults
 * (recommendations used per city, open city-level cases, approvals and their batches, publicity batches).
 * Arrays and records rather than Sets so the state stays JSON-safe and deep-equal comparable.
 *
 * Its size is bounded by the program's settings (cities, quota, batches), never by its number of cases: every
 * program-writing command folds a copy of it, so a per-case index here would cost a copy of every case at each
 * write (it did: the state once held one, and a store of 100,000 cases turned it into the server's main garbage).
 * Which cases a program holds is answered by its stream (`programCases`) or by the cases themselves.
 */
import type { ProgramEvent, ProgramSettings } from './program.events';

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

function created(data: Extract<ProgramEvent, { type: 'ProgramCreated' }>['data']): ProgramState {
  const { programId, ...settings } = data;
  return {
    programId,
    settings,
    limits: Object.fromEntries(settings.regions.map((r) => [r.cityCode, r.limit])),
    recommended: Object.fromEntries(settings.regions.map((r) => [r.cityCode, []])),
    cityLevelOpen: Object.fromEntries(settings.regions.map((r) => [r.cityCode, []])),
    publicityBatches: [],
    approvalBatches: [],
    approvals: 0,
    letters: { recommendation: {}, reply: [] },
  };
}

/**
 * A copy that `applyInPlace` may change without touching `state`: the records and arrays it writes to are copied,
 * their members are replaced rather than changed, so everything else is shared.
 */
function draftOf(state: ProgramState): ProgramState {
  return {
    ...state,
    recommended: { ...state.recommended },
    cityLevelOpen: { ...state.cityLevelOpen },
    publicityBatches: [...state.publicityBatches],
    approvalBatches: [...state.approvalBatches],
    letters: { recommendation: { ...state.letters.recommendation }, reply: [...state.letters.reply] },
  };
}

/** Applies one event to a draft (see `draftOf`), writing into it; the one implementation of the program's evolve. */
function applyInPlace(state: ProgramFold, event: ProgramEvent): ProgramFold {
  if (event.type === 'ProgramCreated') return created(event.data);
  // Events of a program that does not exist cannot be in a well-formed stream; ignore rather than invent one.
  if (!state) return state;
  switch (event.type) {
    case 'CaseRegistered': {
      const { caseId, level, cityCode } = event.data;
      if (level === 'city') state.cityLevelOpen[cityCode] = [...without(state.cityLevelOpen[cityCode], caseId), caseId];
      return state;
    }
    case 'RecommendationSlotUsed': {
      const { caseId, cityCode } = event.data;
      state.recommended[cityCode] = [...without(state.recommended[cityCode], caseId), caseId];
      return state;
    }
    case 'RecommendationSlotReleased': {
      const { caseId, cityCode } = event.data;
      state.recommended[cityCode] = without(state.recommended[cityCode], caseId);
      return state;
    }
    case 'CaseClosed': {
      // A withdrawn or rejected city-level case frees its city's place; the lists name the open ones (one per city).
      const { caseId, outcome } = event.data;
      if (outcome !== 'withdrawn' && outcome !== 'rejected') return state;
      for (const [city, open] of Object.entries(state.cityLevelOpen)) if (open.includes(caseId)) state.cityLevelOpen[city] = without(open, caseId);
      return state;
    }
    case 'PublicityBatchOpened':
      state.publicityBatches.push({ ...event.data });
      return state;
    case 'ApprovalRecorded': {
      const { caseId, batchNo, repliedOn, replyLetterNo } = event.data;
      const i = state.approvalBatches.findIndex((b) => b.batchNo === batchNo);
      if (i === -1) state.approvalBatches.push({ batchNo, repliedOn, caseIds: [caseId] });
      else state.approvalBatches[i] = { ...state.approvalBatches[i]!, caseIds: [...state.approvalBatches[i]!.caseIds, caseId] };
      state.approvals += 1;
      if (replyLetterNo !== undefined) state.letters.reply.push(replyLetterNo);
      return state;
    }
    case 'RecommendationLetterRecorded': {
      const { cityCode, letterNo } = event.data;
      state.letters.recommendation[cityCode] = [...(state.letters.recommendation[cityCode] ?? []), letterNo];
      return state;
    }
    case 'ProgramWindowClosing':
      state.windowClosingReminded = true;
      return state;
    case 'ProgramWindowClosed':
      state.windowClosed = true;
      return state;
    default: {
      const never: never = event;
      return never;
    }
  }
}

/** One step; `state` is left as it was (its per-city records are copied, the rest shared). */
export function evolveProgram(state: ProgramFold, event: ProgramEvent): ProgramFold {
  return applyInPlace(state ? draftOf(state) : state, event);
}

/** The state after `events`, from `state` (left as it was): one copy, then every event written into it. */
export function foldProgramFrom(state: ProgramFold, events: readonly ProgramEvent[]): ProgramFold {
  if (events.length === 0) return state;
  let draft = state ? draftOf(state) : state;
  for (const e of events) draft = applyInPlace(draft, e);
  return draft;
}

export const foldProgram = (events: readonly ProgramEvent[]): ProgramFold => foldProgramFrom(initialProgramState, events);

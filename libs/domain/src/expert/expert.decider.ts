/**
 * The expert pool (专家库), one stream per expert, maintained by administrators. Retiring keeps the record (past
 * panels name the expert) but takes the expert out of future draws. Whether a retired expert still on a panel
 * must be replaced is the case's business, not this aggregate's.
 */
import { DomainError, type FieldError } from '../errors';
import { charLength, isBlank, isDivisionCode, isId } from '../rules/formats';
import type { DecideContext } from '../shared/actor';
import { assertNever, type Decider } from '../shared/decider';
import type { ExpertCommand, ExpertEvent, ExpertProfile, ExpertUpdated, RegisterExpert, RetireExpert, UpdateExpert } from './expert.events';

export type ExpertState =
  | { status: 'none' }
  | ({ status: 'active' | 'retired'; expertId: string } & ExpertProfile);

export const EXPERT_RULES = { exists: 'expert.exists', retired: 'expert.retired' } as const;

const PROFILE_KEYS = ['name', 'homeCityCode', 'employer', 'fields'] as const;

/** Checks the profile attributes present in `p`; `required` makes all of them mandatory (registration). */
export function validateExpertProfile(p: Partial<ExpertProfile>, required: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string): void => {
    errors.push({ field, messages: [message] });
  };
  const text = (field: 'name' | 'employer', max: number): void => {
    const v = p[field];
    if (v === undefined) {
      if (required) add(field, 'is required');
    } else if (typeof v !== 'string' || isBlank(v)) add(field, 'must not be blank');
    else if (charLength(v) > max) add(field, `must be at most ${max} characters`);
  };
  text('name', 100);
  text('employer', 200);
  if (p.homeCityCode === undefined) {
    if (required) add('homeCityCode', 'is required');
  } else if (typeof p.homeCityCode !== 'string' || !isDivisionCode(p.homeCityCode)) {
    add('homeCityCode', 'must be a 6-digit GB/T 2260 city code');
  }
  if (p.fields === undefined) {
    if (required) add('fields', 'is required');
  } else if (!Array.isArray(p.fields)) add('fields', 'must be an array of strings');
  else {
    p.fields.forEach((f, i) => {
      if (typeof f !== 'string' || isBlank(f)) add(`fields[${i}]`, 'must not be blank');
      else if (charLength(f) > 100) add(`fields[${i}]`, 'must be at most 100 characters');
    });
    if (p.fields.length > 50) add('fields', 'must have at most 50 items');
  }
  return errors;
}

const adminOnly = (ctx: DecideContext): void => {
  if (ctx.actor.role !== 'admin') throw new DomainError('FORBIDDEN', 'Only an administrator may maintain the expert pool.');
};

const cleanFields = (fields: string[]): string[] => [...new Set(fields.map((f) => f.trim()))];

function registerExpert(cmd: RegisterExpert, state: ExpertState, ctx: DecideContext): ExpertEvent[] {
  adminOnly(ctx);
  const { expertId, ...profile } = cmd.data;
  const errors = validateExpertProfile(profile, true);
  if (typeof expertId !== 'string' || !isId(expertId)) errors.unshift({ field: 'expertId', messages: ['must be an id: 1–64 letters, digits, _ . -'] });
  if (errors.length > 0) throw DomainError.validation(errors);
  if (state.status !== 'none') throw DomainError.rules([{ rule: EXPERT_RULES.exists, message: `Expert ${state.expertId} already exists.` }]);
  return [{
    type: 'ExpertRegistered',
    data: { expertId, name: profile.name.trim(), homeCityCode: profile.homeCityCode, employer: profile.employer.trim(), fields: cleanFields(profile.fields) },
  }];
}

function updateExpert(cmd: UpdateExpert, state: ExpertState, ctx: DecideContext): ExpertEvent[] {
  adminOnly(ctx);
  if (state.status === 'none') throw new DomainError('NOT_FOUND', 'No such expert.');
  const errors = validateExpertProfile(cmd.data, false);
  if (errors.length > 0) throw DomainError.validation(errors);
  if (state.status === 'retired') throw DomainError.rules([{ rule: EXPERT_RULES.retired, message: `Expert ${state.expertId} is retired.` }]);
  const d = cmd.data;
  const next: Partial<ExpertProfile> = {
    name: d.name?.trim(),
    homeCityCode: d.homeCityCode,
    employer: d.employer?.trim(),
    fields: d.fields && cleanFields(d.fields),
  };
  const changes: ExpertUpdated['data'] = { expertId: state.expertId };
  let changed = false;
  for (const key of PROFILE_KEYS) {
    const v = next[key];
    if (v !== undefined && JSON.stringify(v) !== JSON.stringify(state[key])) {
      Object.assign(changes, { [key]: v });
      changed = true;
    }
  }
  // Sending the current values again is not an error and records nothing.
  return changed ? [{ type: 'ExpertUpdated', data: changes }] : [];
}

function retireExpert(cmd: RetireExpert, state: ExpertState, ctx: DecideContext): ExpertEvent[] {
  adminOnly(ctx);
  if (state.status === 'none') throw new DomainError('NOT_FOUND', 'No such expert.');
  if (typeof cmd.data.reason !== 'string' || isBlank(cmd.data.reason)) {
    throw DomainError.validation([{ field: 'reason', messages: ['must not be blank'] }]);
  }
  if (state.status === 'retired') {
    throw DomainError.rules([{ rule: EXPERT_RULES.retired, message: `Expert ${state.expertId} is already retired.` }]);
  }
  return [{ type: 'ExpertRetired', data: { expertId: state.expertId, reason: cmd.data.reason.trim() } }];
}

export function decideExpert(command: ExpertCommand, state: ExpertState, ctx: DecideContext): ExpertEvent[] {
  switch (command.type) {
    case 'RegisterExpert':
      return registerExpert(command, state, ctx);
    case 'UpdateExpert':
      return updateExpert(command, state, ctx);
    case 'RetireExpert':
      return retireExpert(command, state, ctx);
    default:
      return assertNever(command);
  }
}

export function evolveExpert(state: ExpertState, event: ExpertEvent): ExpertState {
  switch (event.type) {
    case 'ExpertRegistered':
      return { status: 'active', ...event.data, fields: [...event.data.fields] };
    case 'ExpertUpdated': {
      if (state.status === 'none') return state;
      const { expertId: _id, ...changes } = event.data;
      return { ...state, ...changes };
    }
    case 'ExpertRetired':
      return state.status === 'none' ? state : { ...state, status: 'retired' };
    default: {
      // Compile-time exhaustiveness; at run time an unknown type (a newer writer) leaves the state as is.
      const unknown: never = event;
      void unknown;
      return state;
    }
  }
}

export const initialExpertState: ExpertState = { status: 'none' };

export const expertDecider: Decider<ExpertCommand, ExpertEvent, ExpertState> = {
  initialState: initialExpertState,
  evolve: evolveExpert,
  decide: decideExpert,
};

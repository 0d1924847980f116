/**
 * What a case action is: one module holding its route, the schema of its body (the only validator of that body and
 * the source of its OpenAPI schema), how a valid body becomes the command, its guard (roles, stages,
 * input-independent rules) and its `decide`. `actions/index.ts` lists them; the decider's dispatch,
 * `allowedActions`, the API's routes and the OpenAPI document are derived from that list.
 */
import { DomainError, type FieldError } from '../../errors';
import type { Message } from '../../shared/decider';
import type { InputSchema } from '../../shared/input-schema';
import { validateInput } from '../../shared/input-schema';
import type { CaseDecideContext, Guard } from '../case.guard-kit';
import type { CaseDecision } from '../case.decide.shared';
import type { CaseState } from '../case.state';

export interface CaseActionRoute {
  method: 'POST' | 'PUT';
  /** After `/cases/:id/`; `:name` segments are path ids (`objections/:objectionId/resolution`). */
  path: string;
  /** 201 when the action creates something addressable (an objection), else 200. */
  status: 200 | 201;
  /** The route's one line in the OpenAPI document. */
  summary: string;
  /** The request body's line in the OpenAPI document, when the schema's own descriptions are not enough. */
  bodyDescription?: string;
  /** Stable OpenAPI operationId (defaults to the command type). */
  operationId?: string;
  /** What the path ids name, for the 404 of an id that cannot be one ("objection"). */
  pathIds?: Readonly<Record<string, string>>;
  /** Fields the response carries besides `{caseId, revision, position, stage}`, with their OpenAPI component name. */
  response?: { name: string; fields: Readonly<Record<string, 'uuid'>> };
}

/** What the API hands over with a valid body: the path ids and fresh values chosen once per request. */
export interface RequestExtras {
  params: Readonly<Record<string, string>>;
  /** A new random id (objection, report). */
  newId(): string;
  /** A new random draw seed. */
  newSeed(): string;
}

export interface CaseActionDef<N extends string, C extends Message<string, unknown>> {
  /** The `allowedActions` name: the route path with `:id` left out. */
  name: N;
  /** The command type this action decides (a key of the dispatch). */
  commandType: C['type'];
  route: CaseActionRoute;
  input: InputSchema;
  /** Checks across fields of a body that passed `input` (a comment required for one decision only). */
  refine?(body: Record<string, unknown>): FieldError[];
  toCommand(body: Record<string, unknown>, extras: RequestExtras): C;
  /** Response fields from the command (`objectionId`), when `route.response` names them. */
  answer?(command: C): Record<string, unknown>;
  guard: Guard;
  /** Its decide checks experts against the pool (existence, retirement, conflicts): the caller passes `ctx.experts`. */
  needsExperts?: boolean;
  /** Runs after the guard passed: the rules that need the input, and the events. */
  decide(command: C, s: CaseState, ctx: CaseDecideContext): CaseDecision;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds actions of every command type
export type AnyCaseAction = CaseActionDef<string, any>;

export const defineCaseAction = <N extends string, C extends Message<string, unknown>>(def: CaseActionDef<N, C>): CaseActionDef<N, C> => def;

/** The command an action's request asks for: the body judged by the action's schema (400 naming each field), then built. */
export function commandFromRequest<C extends Message<string, unknown>>(action: CaseActionDef<string, C>, body: unknown, extras: RequestExtras): C {
  const errors = validateInput(action.input, body);
  const valid = body as Record<string, unknown>;
  if (errors.length === 0 && action.refine) errors.push(...action.refine(valid));
  if (errors.length > 0) throw DomainError.validation(errors);
  return action.toCommand(valid, extras);
}

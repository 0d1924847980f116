/** The registry is the one list the decider, allowedActions, the API's routes and OpenAPI derive from: it must be coherent. */
import { ROLES } from '../../shared/actor';
import { CASE_ACTION_MODULES, CASE_ACTIONS, caseActionFor, caseActionNamed } from '.';

const all = [...CASE_ACTION_MODULES];
const unique = (xs: string[]) => new Set(xs).size === xs.length;

describe('case action registry', () => {
  it('names every action, command and operation once', () => {
    expect(unique(all.map((a) => a.name))).toBe(true);
    expect(unique(all.map((a) => a.commandType))).toBe(true);
    expect(unique(all.map((a) => a.route.operationId ?? a.commandType))).toBe(true);
    expect(CASE_ACTIONS).toEqual(all.map((a) => a.name));
    for (const a of all) {
      expect(caseActionNamed(a.name)).toBe(a);
      expect(caseActionFor(a.commandType)).toBe(a);
    }
  });

  it('routes each action at its name, with its path ids declared, a known role and a success status', () => {
    for (const a of all) {
      expect(a.route.path).toBe(a.name);
      const ids = [...a.route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
      expect(Object.keys(a.route.pathIds ?? {})).toEqual(ids);
      expect(a.guard.roles.length).toBeGreaterThan(0);
      for (const role of a.guard.roles) expect(ROLES).toContain(role);
      expect([200, 201]).toContain(a.route.status);
      expect(a.route.summary).toMatch(/\(([a-z]+(, )?)+\)$/);
      // An action that answers more than the case response says so in OpenAPI, and the other way round.
      expect(a.answer !== undefined).toBe(a.route.response !== undefined);
    }
  });
});

/**
 * Hostile requests over every route of the OpenAPI document (so a new route is fuzzed as soon as it is documented):
 * bodies from the DTO schemas with hostile values spliced in, raw bodies that are not JSON, wrong content types,
 * path parameters that name nothing, odd query values, bad If-Match and Idempotency-Key headers, signed in as each
 * role, as no one, or with a bad token, against a case at every stage. Every answer must be below 500, and
 * every error must be the API's JSON error body of a bounded size.
 *
 * The seed is fixed and part of the test's name; FUZZ_SEED and FUZZ_RUNS replay or widen a run, FUZZ_STATS=1 prints
 * the statuses and requests per route (a run that never gets past validation proves little). Requests are sent
 * one at a time and change the app's state as they succeed, so a failure is reported with the request that got it
 * (all of them, not only the first) rather than shrunk.
 */
import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import fc from 'fast-check';
import type { Response } from 'supertest';
import { ROLES } from '@shenbao/domain';
import type { Role } from '@shenbao/domain';
import { ROLES_KEY } from '../../apps/api/src/auth/auth.decorators';
import { TestClock } from './support/case-seeding';
import {
  badAuthorization, contentType, hostileQueryValue, hostileSegment, hostileValue, idempotencyKey, ifMatch, mutated, rawBody, SchemaArbitraries,
} from './support/fuzz-arbitraries';
import type { Schema } from './support/fuzz-arbitraries';
import { buildFuzzWorld, FUZZ_PASSWORD, USERS } from './support/fuzz-world';
import type { FuzzWorld } from './support/fuzz-world';
import { ADMIN_PASSWORD, bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

const SEED = Number(process.env.FUZZ_SEED ?? 20190301);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2500);
/** An error body larger than this is a list of problems that was not capped. */
const MAX_ERROR_BYTES = 64 * 1024;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Schema;
}
interface Route {
  method: Method;
  path: string;
  parameters: Parameter[];
  body?: Schema;
  /** Who may call it: most requests are sent as one of them, to get past the guard. */
  roles: Role[];
}
interface FuzzRequest {
  route: Route;
  method: Method;
  url: string;
  /** Who the request is sent as (a user's name, `none`, `bad token`) and its Authorization header. */
  auth: { as: string; header?: string };
  ifMatch?: string;
  idempotencyKey?: string;
  body?: { contentType: string; data: string | Buffer };
}

interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

/** `@Roles` of each controller method, by the OpenAPI operation id Nest's Swagger gives it (`Class_method`). */
function rolesByOperation(app: INestApplication): Map<string, Role[]> {
  const roles = new Map<string, Role[]>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new () => object) | null;
      if (!type) continue;
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const allowed = (Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, type)) as Role[] | undefined;
        // A route that names its operationId (the mounted case actions) is found by it, the others by Nest's default.
        const operation = Reflect.getMetadata('swagger/apiOperation', handler) as { operationId?: string } | undefined;
        roles.set(operation?.operationId ?? `${type.name}_${name}`, allowed ?? [...ROLES]);
      }
    }
  }
  return roles;
}

function routesOf(doc: { paths: Record<string, Record<string, Operation>> }, roles: Map<string, Role[]>): Route[] {
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      if (!(METHODS as readonly string[]).includes(method)) continue;
      const body = op.requestBody?.content?.['application/json']?.schema;
      routes.push({ method: method as Method, path, parameters: op.parameters ?? [], body, roles: roles.get(op.operationId ?? '') ?? [...ROLES] });
    }
  }
  return routes;
}

describe('fuzz (e2e)', () => {
  const clock = new TestClock(new Date('2019-03-01T02:00:00Z'));
  let t: TestApp;
  let world: FuzzWorld;
  let routes: Route[];
  let schemas: SchemaArbitraries;

  beforeAll(async () => {
    t = await bootTestApp({}, { clock: clock.now });
    world = await buildFuzzWorld(t, clock);
    const { known } = world;
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    routes = routesOf(doc, rolesByOperation(t.app));
    schemas = new SchemaArbitraries(doc.components.schemas as Record<string, Schema>, Object.values(known).flat(), {
      programId: known.programs,
      caseIds: known.cases,
      expertIds: known.experts,
      panelExpertIds: known.experts,
      expertId: known.experts,
      cityCode: ['440100', '440300'],
      districtCode: ['440106', '440105', '440104'],
      username: ['fuzz-user', 'admin'],
      password: [FUZZ_PASSWORD, ADMIN_PASSWORD],
    });
  });

  afterAll(async () => {
    await t.close();
  });

  const segment = (name: string, path: string): fc.Arbitrary<string> => {
    const { known } = world;
    const byPath = known[path.split('/')[3]] ?? [];
    const values =
      name === 'key' ? ['gd-bdpz-2019'] : name === 'version' ? ['1', '2'] : name === 'objectionId' ? world.objectionIds
        : name === 'id' && byPath.length > 0 ? byPath : Object.values(known).flat();
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: hostileSegment });
  };

  const queryValue = (p: Parameter): fc.Arbitrary<string> => {
    // A large minPosition waits up to 2 s for the read models: the values stay among the positions that exist.
    if (p.name === 'minPosition') return fc.constantFrom('0', '1', '-1', 'abc', '1.5');
    const plausible = p.schema?.enum ? fc.constantFrom(...p.schema.enum.map(String)) : schemas.scalar(p.schema?.type).map(String);
    return fc.oneof(plausible, hostileQueryValue);
  };

  const url = (route: Route): fc.Arbitrary<string> => {
    const names = route.parameters.filter((p) => p.in === 'path').map((p) => p.name);
    const query = route.parameters.filter((p) => p.in === 'query');
    return fc
      .tuple(
        fc.tuple(...names.map((n) => segment(n, route.path))),
        fc.tuple(...query.map((p) => fc.option(queryValue(p), { freq: 2 }))),
        fc.option(fc.constantFrom('unknown=1', 'limit=1&limit=2', 'minPosition=', '%zz=1', 'a[b]=1')),
      )
      .map(([values, queryValues, extra]) => {
        let path = route.path;
        names.forEach((n, i) => (path = path.replace(`{${n}}`, values[i])));
        const pairs = query.flatMap((p, i) => (queryValues[i] === null ? [] : [`${p.name}=${encodeURIComponent(queryValues[i]!)}`]));
        if (extra) pairs.push(extra);
        return pairs.length > 0 ? `${path}?${pairs.join('&')}` : path;
      });
  };

  const body = (route: Route): fc.Arbitrary<FuzzRequest['body']> => {
    const asJson = (value: fc.Arbitrary<unknown>) => value.map((v) => ({ contentType: 'application/json', data: JSON.stringify(v) ?? 'null' }));
    const raw = fc.record({ contentType, data: rawBody });
    const example = world.bodies[`${route.method.toUpperCase()} ${route.path}`];
    const plausible = example === undefined ? schemas.value(route.body) : fc.oneof(fc.constant(example), schemas.value(route.body));
    const wrongType = fc.record({ contentType, data: plausible.map((v) => JSON.stringify(v) ?? '') });
    return fc.oneof(
      { weight: 6, arbitrary: asJson(plausible) },
      { weight: 4, arbitrary: asJson(mutated(plausible)) },
      { weight: 2, arbitrary: raw },
      { weight: 1, arbitrary: wrongType },
      { weight: 1, arbitrary: asJson(hostileValue) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
  };

  const signedIn = (username: string): FuzzRequest['auth'] => ({ as: username, header: `Bearer ${world.h.tokens[username]}` });

  const request = (): fc.Arbitrary<FuzzRequest> =>
    fc.constantFrom(...routes).chain((route) =>
      fc.record({
        route: fc.constant(route),
        method: fc.oneof({ weight: 19, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
        url: url(route),
        auth: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...route.roles.flatMap((role) => USERS[role])).map(signedIn) },
          { weight: 1, arbitrary: fc.constantFrom(...Object.values(USERS).flat()).map(signedIn) },
          { weight: 1, arbitrary: fc.constant({ as: 'none' }) },
          { weight: 1, arbitrary: badAuthorization.map((header) => ({ as: 'bad token', header })) },
        ),
        ifMatch,
        idempotencyKey,
        body: route.body || route.method !== 'get' ? body(route) : fc.option(body(route), { freq: 5 }).map((b) => b ?? undefined),
      }),
    );

  async function send(r: FuzzRequest): Promise<Response> {
    let req = t.http()[r.method](r.url);
    if (r.auth.header !== undefined) req = req.set('Authorization', r.auth.header);
    if (r.ifMatch !== undefined) req = req.set('If-Match', r.ifMatch);
    if (r.idempotencyKey !== undefined) req = req.set('Idempotency-Key', r.idempotencyKey);
    if (r.body) req = req.set('Content-Type', r.body.contentType).send(r.body.data);
    return req;
  }

  /**
   * A request may end its own session (signing out, changing its password): the user signs in again, so the rest
   * of the run is not sent as no one. The accounts requests change are spares (fuzz-world.ts).
   */
  async function signInAgain(username: string): Promise<void> {
    // `POST /users/me/password` may have set the other password the run knows.
    for (const password of username === 'admin' ? [ADMIN_PASSWORD, FUZZ_PASSWORD] : [FUZZ_PASSWORD, ADMIN_PASSWORD]) {
      const res = await t.http().post('/api/v1/auth/login').send({ username, password });
      if (res.status === 200) return void (world.h.tokens[username] = res.body.accessToken as string);
    }
  }

  /** What is wrong with the answer, or undefined. */
  function problemOf(res: Response): string | undefined {
    if (res.status >= 500) return `answered ${res.status}: ${res.text.slice(0, 300)}`;
    if (res.status < 400) return undefined;
    if (!/^application\/json/.test(String(res.headers['content-type']))) return `error of type ${String(res.headers['content-type'])}`;
    const b = res.body as { statusCode?: unknown; error?: unknown; message?: unknown };
    if (b.statusCode !== res.status || typeof b.error !== 'string' || typeof b.message !== 'string') return `error body ${res.text.slice(0, 300)}`;
    if (res.text.length > MAX_ERROR_BYTES) return `error body of ${res.text.length} bytes`;
    return undefined;
  }

  it(`answers ${RUNS} hostile requests over every route with no 5xx and the error body (seed ${SEED})`, async () => {
    const failures = new Map<string, string>();
    const perRoute = new Map<string, number>();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request(), async (r) => {
        const res = await send(r);
        if (res.status === 401 && r.auth.as in world.h.tokens) await signInAgain(r.auth.as);
        const route = `${r.route.method.toUpperCase()} ${r.route.path}`;
        perRoute.set(route, (perRoute.get(route) ?? 0) + 1);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const problem = problemOf(res);
        const where = `${res.status} ${r.method.toUpperCase()} ${route}`;
        if (problem && !failures.has(where)) {
          const sent = r.body ? `${r.body.contentType} ${String(r.body.data).slice(0, 300)}` : '(no body)';
          failures.set(where, `${r.method.toUpperCase()} ${r.url.slice(0, 200)} as ${r.auth.as} If-Match=${r.ifMatch} Idempotency-Key=${r.idempotencyKey} ${sent} → ${problem}`);
        }
      }),
      // Requests change the app's state, so a shrunk replay would not meet the same app: no shrinking.
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    if (process.env.FUZZ_STATS) console.log(JSON.stringify([...statuses]), JSON.stringify([...perRoute]));
    expect([...failures.values()]).toEqual([]);
    // The run reached every route and got past validation often enough to mean something.
    expect(routes.filter((r) => !perRoute.has(`${r.method.toUpperCase()} ${r.path}`))).toEqual([]);
    expect((statuses.get(200) ?? 0) + (statuses.get(201) ?? 0)).toBeGreaterThan(RUNS / 20);
  }, 30_000 + RUNS * 50);
});

/**
 * The OpenAPI document is the API's reference (docs/openapi.json, served at /api/docs-json): every operation has a
 * summary and its error responses with the error body's schema, public routes say so, the GET routes describe what
 * they answer (checked against real answers), `redocly lint` finds nothing, and the copy in the repository is the
 * document the app serves.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPENAPI_FILE, servedOpenApiText } from '../../apps/api/src/openapi/openapi-document';
import { schemaMismatches } from '../support/schema-conformance';
import type { SchemaLike } from '../support/schema-conformance';
import { CaseHttp, TIANHE } from './support/case-http';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

const ROOT = join(__dirname, '..', '..');

interface Operation {
  summary?: string;
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema?: SchemaLike }> }>;
}
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, SchemaLike> } };

function operations(doc: Doc): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([m, op]): [string, Operation] => [`${m.toUpperCase()} ${path}`, op]));
}

function redoclyLint(file: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(join(ROOT, 'node_modules', '.bin', 'redocly'), ['lint', file, '--format=stylish'], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe('OpenAPI document (e2e)', () => {
  let t: TestApp;
  let served: string;
  let doc: Doc;

  beforeAll(async () => {
    t = await bootTestApp();
    served = await servedOpenApiText(t.app);
    doc = JSON.parse(served) as Doc;
  });
  afterAll(async () => {
    await t.close();
  });

  it(`is what ${OPENAPI_FILE} holds`, () => {
    const onDisk = readFileSync(join(ROOT, OPENAPI_FILE), 'utf8');
    if (onDisk !== served) throw new Error(`${OPENAPI_FILE} is not the document the app serves: run \`npm run openapi\` and commit it.`);
  });

  it('gives every operation a summary', () => {
    expect(operations(doc).filter(([, op]) => !op.summary?.trim()).map(([name]) => name)).toEqual([]);
  });

  it('lists the standard 4xx responses of every operation, each with the error body', () => {
    const wrong: string[] = [];
    for (const [name, op] of operations(doc)) {
      const statuses = Object.keys(op.responses).filter((s) => s.startsWith('4'));
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      const isGet = name.startsWith('GET ');
      if (!isPublic && !(statuses.includes('401') && statuses.includes('403'))) wrong.push(`${name}: no 401/403`);
      if (isGet && (statuses.includes('409') || statuses.includes('422'))) wrong.push(`${name}: a read with 409/422`);
      if (!isGet && !isPublic && !(statuses.includes('409') && statuses.includes('422'))) wrong.push(`${name}: a command without 409/422`);
      if (name.includes('{') && !statuses.includes('404')) wrong.push(`${name}: no 404`);
      if (name !== 'GET /health' && statuses.length === 0) wrong.push(`${name}: no 4xx`);
      for (const s of statuses) {
        const schema = op.responses[s].content?.['application/json']?.schema;
        if (schema?.$ref !== '#/components/schemas/ErrorBody') wrong.push(`${name}: ${s} without the ErrorBody schema`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('declares /health and login public (security: []), and everything else bearer-secured', () => {
    const open = operations(doc).filter(([, op]) => Array.isArray(op.security) && op.security.length === 0).map(([name]) => name);
    expect(open.sort()).toEqual(['GET /health', 'POST /api/v1/auth/login']);
    expect((doc as unknown as { security: unknown }).security).toEqual([{ bearer: [] }]);
  });

  it('describes the success body of every GET', () => {
    const bare = operations(doc)
      .filter(([name]) => name.startsWith('GET '))
      .filter(([, op]) => !Object.values(op.responses['200']?.content ?? {}).some((c) => c.schema !== undefined))
      .map(([name]) => name);
    expect(bare).toEqual([]);
  });

  it('describes what the read routes really answer', async () => {
    const h = new CaseHttp(t);
    await h.signInAdmin();
    await h.addUser('oa-applicant', { role: 'applicant', cityCode: '440100', districtCode: '440106' });
    await h.addExpert('oa-expert', '440300');
    const programId = await h.programIdOf('gd-bdpz-2019');
    const c = await h.createCase('oa-applicant', 'unused', TIANHE, programId);
    await h.saveApplication(c);
    const answers: [string, string][] = [
      [`/cases/${c.id}`, 'CaseDetail'],
      ['/cases', 'CasePage'],
      [`/cases/${c.id}/history`, 'CaseHistory'],
      ['/users', 'UserPage'],
      ['/users/me', 'UserView'],
      ['/experts', 'ExpertPage'],
      ['/inbox', 'InboxPage'],
      [`/programs/${programId}`, 'ProgramViewDoc'],
      [`/programs/${programId}/dashboard`, 'Dashboard'],
      [`/programs/${programId}/batches`, 'Batches'],
      ['/programs', 'ProgramPage'],
      ['/workflows', 'WorkflowPage'],
      ['/workflows/gd-bdpz-2019/versions/1', 'WorkflowDefinition'],
    ];
    const mismatches: string[] = [];
    for (const [path, schema] of answers) {
      const res = await h.call('admin', 'get', path).expect(200);
      mismatches.push(...schemaMismatches({ $ref: `#/components/schemas/${schema}` }, res.body, doc.components.schemas, path));
    }
    expect(mismatches).toEqual([]);
  });

  it('passes `redocly lint` (redocly.yaml)', async () => {
    const lint = await redoclyLint(OPENAPI_FILE);
    expect({ code: lint.code, problems: lint.code === 0 ? '' : lint.output }).toEqual({ code: 0, problems: '' });
  }, 70_000);
});

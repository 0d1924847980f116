/**
 * The boundaries of ARCHITECTURE.md's layout table hold: no import of apps/, libs/ or workflows/ breaks a rule of
 * .dependency-cruiser.cjs (checked with dependency-cruiser by scripts/check-boundaries.mjs). And the rules bite: a
 * small tree of probes, one forbidden import per rule, is checked with the same rules and each probe is caught by
 * its rule, while the allowed imports beside them are not.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..');
const CHECK = join(ROOT, 'scripts', 'check-boundaries.mjs');

interface Violation {
  rule: string;
  from: string;
  to: string;
}

function check(args: string[]): { modules: number; violations: Violation[] } {
  let out: string;
  try {
    out = execFileSync(process.execPath, [CHECK, '--json', ...args], { cwd: ROOT, encoding: 'utf8' });
  } catch (e) {
    // Exit code 1 with violations: the JSON is still on stdout.
    out = (e as { stdout?: string }).stdout ?? '';
    if (out === '') throw e;
  }
  return JSON.parse(out) as { modules: number; violations: Violation[] };
}

/** path → source; every file is a module of the probe tree. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-boundaries-'));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  return dir;
}

const exported = 'export const x = 1;\n';
const imports = (...paths: string[]): string => `${paths.map((p, i) => `import { x as x${i} } from '${p}';`).join('\n')}\nexport const x = 1;\n`;

describe('dependency boundaries', () => {
  it('no import of apps/, libs/ or workflows/ breaks the rules of ARCHITECTURE.md', () => {
    const { modules, violations } = check([]);
    expect(modules).toBeGreaterThan(300);
    expect(violations.map((v) => `${v.rule}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  describe('the rules catch a forbidden import', () => {
    let dir: string;
    let violations: Violation[];

    beforeAll(() => {
      dir = tree({
        'workflows/src/index.ts': exported,
        'workflows/src/definition.types.ts': exported,
        'workflows/src/machine.ts': imports('../../libs/domain/src/index'),
        'libs/domain/src/index.ts': imports('../../../workflows/src/index'),
        'libs/domain/src/decide.ts': imports('../../projections/src/index'),
        'libs/domain/src/rules/application.fixture.ts': exported,
        'libs/event-store/src/index.ts': imports('../../domain/src/index'),
        'libs/projections/src/index.ts': imports('../../domain/src/index', '../../event-store/src/index', '../../scheduling/src/index'),
        'libs/projections/src/inbox.ts': imports('../../domain/src/decide'),
        'libs/scheduling/src/index.ts': imports('../../host/src/index'),
        'libs/notifications/src/index.ts': imports('../../domain/src/index', '../../event-store/src/index', '../../projections/src/index'),
        'libs/documents/src/index.ts': imports('../../domain/src/index', '../../event-store/src/index'),
        'libs/host/src/index.ts': imports('../../domain/src/index', '../../../apps/api/src/main'),
        'libs/commands/src/index.ts': imports('../../host/src/index', '../../scheduling/src/index', '../../../apps/worker/src/main'),
        'apps/api/src/main.ts': imports('../../../libs/host/src/index', '../../../workflows/src/machine'),
        'apps/api/src/cases.spec.ts': imports('../../../libs/domain/src/rules/application.fixture', '../../../test/support/world'),
        'apps/api/src/cases.ts': imports('../../../test/support/world'),
        'apps/worker/src/main.ts': imports('../../api/src/main', '../../../libs/host/src/index', '../../../libs/commands/src/index'),
        'apps/worker/src/api-features.ts': imports('../../api/src/main'),
        'apps/api/src/app.module.ts': imports('../../worker/src/main', '../../../libs/commands/src/index'),
        'apps/console/src/zh.ts': imports('../../../workflows/src/definition.types', '../../../libs/domain/src/index'),
        'test/support/world.ts': exported,
      });
      violations = check([`--base-dir=${dir}`, 'apps', 'libs', 'workflows']).violations;
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const caught = (rule: string): string[] => violations.filter((v) => v.rule === rule).map((v) => `${v.from} → ${v.to}`);

    it.each([
      ['workflows-import-nothing-of-ours', ['workflows/src/machine.ts → libs/domain/src/index.ts']],
      ['domain-imports-only-workflows', ['libs/domain/src/decide.ts → libs/projections/src/index.ts']],
      ['event-store-imports-nothing-of-ours', ['libs/event-store/src/index.ts → libs/domain/src/index.ts']],
      ['projections-import-domain-and-event-store', ['libs/projections/src/index.ts → libs/scheduling/src/index.ts']],
      ['scheduling-imports-domain-and-event-store', ['libs/scheduling/src/index.ts → libs/host/src/index.ts']],
      ['notifications-import-domain-event-store-scheduling', ['libs/notifications/src/index.ts → libs/projections/src/index.ts']],
      ['documents-import-domain', ['libs/documents/src/index.ts → libs/event-store/src/index.ts']],
      ['host-imports-libs', ['libs/host/src/index.ts → apps/api/src/main.ts']],
      ['commands-import-libs', ['libs/commands/src/index.ts → apps/worker/src/main.ts']],
      // The former seam (api-features.ts) is no exception any more; nor is the other direction.
      ['no-app-imports-another-app', ['apps/api/src/app.module.ts → apps/worker/src/main.ts', 'apps/worker/src/api-features.ts → apps/api/src/main.ts', 'apps/worker/src/main.ts → apps/api/src/main.ts']],
      ['console-imports-no-server-code', ['apps/console/src/zh.ts → libs/domain/src/index.ts']],
      ['no-import-into-another-libs-insides', ['libs/projections/src/inbox.ts → libs/domain/src/decide.ts']],
      ['no-import-into-workflows-insides', ['apps/api/src/main.ts → workflows/src/machine.ts']],
      ['no-import-of-tests', ['apps/api/src/cases.ts → test/support/world.ts']],
    ])('%s', (rule, expected) => {
      expect(caught(rule)).toEqual(expected);
    });

    it('lets the allowed imports pass: aliases, the shared libs, fixtures and test helpers in unit tests, the stage names', () => {
      const allowed = [
        'libs/domain/src/index.ts',
        'libs/commands/src/index.ts → libs/host/src/index.ts',
        'libs/commands/src/index.ts → libs/scheduling/src/index.ts',
        'apps/worker/src/main.ts → libs/commands/src/index.ts',
        'apps/api/src/app.module.ts → libs/commands/src/index.ts',
        'apps/api/src/cases.spec.ts',
        'apps/console/src/zh.ts → workflows/src/definition.types.ts',
        'libs/host/src/index.ts → libs/domain/src/index.ts',
      ];
      const all = violations.map((v) => `${v.from} → ${v.to}`);
      for (const a of allowed) expect(all.filter((v) => v.startsWith(a) || v === a)).toEqual([]);
    });
  });
});

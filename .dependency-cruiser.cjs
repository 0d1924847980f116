// The dependency rules of ARCHITECTURE.md's layout table, checked by test/boundaries.spec.ts (part of `npm test`)
// through scripts/check-boundaries.mjs. Paths are relative to the repository root; type-only imports count too.
'use strict';

const OURS = '^(apps|libs|workflows)/';
/** A file of lib X may reach lib Y only through Y's public entry (its alias, @shenbao/y → libs/y/src/index.ts). */
const LIB_ENTRY = '^libs/[^/]+/src/index\\.ts$';
/** Unit tests (beside the code) may also use another package's test fixtures and test/support's helpers. */
const SPEC = '\\.spec\\.ts$';
const FIXTURE = ['\\.fixtures?\\.ts$', '/src/testing/'];
/** The console's one import of workflows/: the stage keys and their Chinese names, pure data without server code. */
const CONSOLE_STAGE_NAMES = '^workflows/src/definition\\.types\\.ts$';
/**
 * The console's one import of libs/domain: the completeness rules the API applies on submit (pure functions over the
 * application; they import only formats.ts and types), so the 申报书 editor's "still missing" list and the API's 422
 * cannot disagree. Its unit test also uses the domain's complete-application fixture.
 */
const CONSOLE_SHARED_RULES = ['^libs/domain/src/rules/application-completeness\\.rules\\.ts$', '^libs/domain/src/rules/formats\\.ts$'];

/** `from` (a folder of ours) may import, of ours, only what `allowed` matches (besides itself). */
const only = (name, comment, from, allowed) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: OURS, pathNot: [from, ...allowed] },
});

module.exports = {
  forbidden: [
    only('workflows-import-nothing-of-ours', 'workflows/ imports nothing of ours', '^workflows/', []),
    only('domain-imports-only-workflows', 'libs/domain imports only workflows', '^libs/domain/', ['^workflows/']),
    only('event-store-imports-nothing-of-ours', 'libs/event-store imports nothing of ours', '^libs/event-store/', []),
    only('projections-import-domain-and-event-store', 'libs/projections imports domain and event-store (and workflows, through the domain\'s types)', '^libs/projections/', ['^libs/domain/', '^libs/event-store/', '^workflows/']),
    only('scheduling-imports-domain-and-event-store', 'libs/scheduling imports domain and event-store (and workflows, through the domain\'s types)', '^libs/scheduling/', ['^libs/domain/', '^libs/event-store/', '^workflows/']),
    // ARCHITECTURE.md's table says `domain`; the notifier is also a follower on the processor kernel (event-store) and
    // shares the deadline adapter's Redis plumbing (connection, key clean-up, checkpoints: @shenbao/scheduling).
    only('notifications-import-domain-event-store-scheduling', 'libs/notifications imports domain, event-store (the kernel) and scheduling (its Redis plumbing)', '^libs/notifications/', ['^libs/domain/', '^libs/event-store/', '^libs/scheduling/', '^workflows/']),
    only('documents-import-domain', 'libs/documents renders from the domain\'s types and rules only (no I/O of ours, no other lib)', '^libs/documents/', ['^libs/domain/', '^workflows/']),
    only('host-imports-libs', 'libs/host imports libs (and workflows)', '^libs/host/', ['^libs/', '^workflows/']),
    // The command side both apps run (stores, command runner, case commands, deadlines, notifier): it stands on the
    // other libs, and libs/host's configuration and tokens, never on an app.
    only('commands-import-libs', 'libs/commands imports libs (and workflows), never an app', '^libs/commands/', ['^libs/', '^workflows/']),
    {
      name: 'no-app-imports-another-app',
      comment: 'An app imports libs (and workflows), never another app: what apps/api and apps/worker share lives in a lib (@shenbao/commands, @shenbao/host)',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'console-imports-no-server-code',
      comment: 'apps/console is a browser app: its types come from the generated OpenAPI document, never from server code',
      severity: 'error',
      from: { path: '^apps/console/', pathNot: SPEC },
      to: { path: OURS, pathNot: ['^apps/console/', CONSOLE_STAGE_NAMES, ...CONSOLE_SHARED_RULES] },
    },
    {
      name: 'console-specs-import-no-server-code',
      comment: 'The console\'s unit tests may also use the domain\'s test fixtures, nothing else of the server',
      severity: 'error',
      from: { path: '^apps/console/.*\\.spec\\.ts$' },
      to: { path: OURS, pathNot: ['^apps/console/', CONSOLE_STAGE_NAMES, ...CONSOLE_SHARED_RULES, ...FIXTURE] },
    },
    {
      name: 'no-import-into-another-libs-insides',
      comment: 'Another lib is imported through its alias (@shenbao/x, its src/index.ts), never through a path into its insides',
      severity: 'error',
      // The console has its own, stricter rule above.
      from: { path: '^(apps|libs)/([^/]+)/', pathNot: [SPEC, '^apps/console/'] },
      to: { path: '^libs/', pathNot: ['^libs/$2/', LIB_ENTRY] },
    },
    {
      name: 'no-spec-import-into-another-libs-insides',
      comment: 'A unit test reaches another lib through its alias too, or through that lib\'s test fixtures',
      severity: 'error',
      from: { path: '^(apps|libs)/([^/]+)/.*\\.spec\\.ts$' },
      to: { path: '^libs/', pathNot: ['^libs/$2/', LIB_ENTRY, ...FIXTURE] },
    },
    {
      name: 'no-import-into-workflows-insides',
      comment: 'workflows/ is imported through its alias (@shenbao/workflows, workflows/src/index.ts)',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '^apps/console/' },
      to: { path: '^workflows/', pathNot: '^workflows/src/index\\.ts$' },
    },
    {
      name: 'no-import-of-tests',
      comment: 'Production code imports nothing of test/ (unit tests may use test/support\'s helpers)',
      severity: 'error',
      from: { path: OURS, pathNot: SPEC },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '^dist/', '^bench/\\.tmp/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};

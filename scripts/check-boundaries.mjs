#!/usr/bin/env node
// Checks the imports of apps/, libs/ and workflows/ against the dependency rules of ARCHITECTURE.md
// (.dependency-cruiser.cjs) with dependency-cruiser's API, and prints every violation as
// `rule: from → to` (exit code 1), or how many modules it checked (exit code 0). `--json` prints
// `{modules, violations: [{rule, from, to}]}` instead, for test/boundaries.spec.ts. `--base-dir=DIR` checks another
// tree with the same rules (the spec's probes: a small tree of forbidden imports each rule must catch).
// The API, not the depcruise CLI: the CLI refuses Node 20, which the project supports (package.json engines).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const config = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs'));
const roots = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const json = process.argv.includes('--json');
const baseDir = process.argv.find((a) => a.startsWith('--base-dir='))?.slice('--base-dir='.length) ?? root;
process.chdir(baseDir);
const tsConfigFile = join(baseDir, 'tsconfig.json');

const result = await cruise(
  roots.length > 0 ? roots : ['apps', 'libs', 'workflows'],
  { ...config.options, ...(existsSync(tsConfigFile) ? {} : { tsConfig: undefined }), ruleSet: { forbidden: config.forbidden }, validate: true },
  {},
  existsSync(tsConfigFile) ? { tsConfig: extractTSConfig(tsConfigFile) } : {},
);
const { summary } = result.output;
const violations = summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
if (json) {
  process.stdout.write(`${JSON.stringify({ modules: summary.totalCruised, violations })}\n`);
} else if (violations.length === 0) {
  process.stdout.write(`Boundaries kept: ${summary.totalCruised} modules, no import against the rules of .dependency-cruiser.cjs.\n`);
} else {
  for (const v of violations) process.stdout.write(`${v.rule}: ${v.from} → ${v.to}\n`);
  process.stdout.write(`${violations.length} import(s) against the rules of .dependency-cruiser.cjs (ARCHITECTURE.md's layout table).\n`);
}
process.exitCode = violations.length === 0 ? 0 : 1;

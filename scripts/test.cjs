#!/usr/bin/env node
// `npm test`: the whole suite in two Jest runs, one after the other.
//
//  1. every suite that does not drive a browser, in Jest's worker pool (jest.config.cjs: two workers at least);
//  2. the browser suites (test/e2e/console*.e2e-spec.ts: a headless Chromium against a booted app), one at a time on
//     this 2-core machine (one per two cores on larger ones: each browser suite keeps two cores to itself).
//
// Why: on a 2-core machine a browser suite that shares the cores with another suite loses clicks and waits (three
// clean-clone CI runs each failed one browser wait, each time on a different test), while alone it has never failed.
// The browser suites take about 200 s in band; the rest overlap well in two workers.
//
// Arguments are Jest's: `npm test -- path/or/pattern` runs one Jest run over what they select (no phases), so a
// developer's usual `npm test -- test/e2e/console-review` behaves as `npx jest` does.
'use strict';
const { spawnSync } = require('node:child_process');
const { availableParallelism } = require('node:os');
const path = require('node:path');

const BROWSER_SUITES = 'test/e2e/console[^/]*\\.e2e-spec\\.ts$';
const jestBin = require.resolve('jest/bin/jest');
const root = path.join(__dirname, '..');

function jest(args, label) {
  if (label) console.log(`\n[test] ${label}: jest ${args.join(' ')}\n`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [jestBin, ...args], { cwd: root, stdio: 'inherit' });
  if (label) console.log(`\n[test] ${label}: ${run.status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
  if (run.error) throw run.error;
  return run.status ?? 1;
}

const extra = process.argv.slice(2);
if (extra.length > 0) process.exit(jest(extra));

const browserWorkers = Math.max(1, Math.floor(availableParallelism() / 2));
const phases = [
  ['suites without a browser', ['--testPathIgnorePatterns', '/node_modules/', '/dist/', BROWSER_SUITES]],
  [
    browserWorkers === 1 ? 'browser suites, one at a time' : `browser suites, ${browserWorkers} at a time`,
    browserWorkers === 1 ? ['--runInBand', BROWSER_SUITES] : ['--maxWorkers', String(browserWorkers), BROWSER_SUITES],
  ],
];
let failed = 0;
for (const [label, args] of phases) if (jest(args, label) !== 0) failed += 1;
// Both phases run even when the first fails, so one CI run shows every failure.
console.log(failed === 0 ? '\n[test] all suites passed' : `\n[test] ${failed} of ${phases.length} phases FAILED`);
process.exit(failed === 0 ? 0 : 1);

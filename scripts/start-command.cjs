/**
 * How the API is started, in one place: `npm start` (package.json), the Docker image and the HTTP benchmark all run
 * `node <NODE_FLAGS> dist/apps/api/src/main.js`. test/start-command.spec.ts checks that they agree.
 *
 * --max-semi-space-size=64: a young generation of up to 2 × 64 MB instead of V8's 2 × 16 MB, so short-lived request
 * objects are collected about four times less often. Measured +5 to +6 % draft saves/s in three simultaneous pairs
 * (BENCHMARKS.md), for about 100 MB more memory at most under load.
 */
const NODE_FLAGS = ['--max-semi-space-size=64'];
const API_MAIN = 'dist/apps/api/src/main.js';

module.exports = { NODE_FLAGS, API_MAIN };

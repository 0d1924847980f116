// Jest runs TypeScript through swc (no type-checking here; `npm run typecheck` does that).
// NestJS 12 ships ESM only: plain `node` can require() it (Node >= 20.19), but Jest's module loader cannot, so those
// packages (and the ESM-only packages they import) are compiled to CommonJS by swc as well.
const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
}];

const libs = ['domain', 'event-store', 'projections', 'scheduling', 'notifications', 'host', 'documents', 'commands'];

module.exports = {
  // Node's environment, which also lets a suite report what it saw when one of its tests fails (the browser suites
  // write what their pages showed: test/e2e/support/console-harness.ts).
  testEnvironment: '<rootDir>/test/support/failure-aware-environment.cjs',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // ESM-only packages are compiled to CommonJS too. A nested copy needs its parent's path as well as its own name
  // (content-disposition under @fastify/static, cookie under light-my-request, which Fastify's inject uses). postgrator
  // (the PostgreSQL event store's migrations) is ESM-only too.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|postgrator|file-type|strtok3|token-types|@tokenizer|uint8array-extras|@borewit|@fastify/static/node_modules/content-disposition|content-disposition|light-my-request/node_modules/cookie|cookie)/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: {
    '^@shenbao/workflows$': '<rootDir>/workflows/src/index.ts',
    ...Object.fromEntries(libs.map((l) => [`^@shenbao/${l}$`, `<rootDir>/libs/${l}/src/index.ts`])),
  },
  testMatch: ['<rootDir>/{apps,libs,workflows,test}/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 30000,
  // Two workers at least. Jest's default on a 2-core machine is one, which runs every suite in its own process one
  // after the other (in band): 743 s for the whole suite on a quiet machine, the process growing to 2–3 GB. Most
  // suites wait on servers, timers and a browser more than they compute, so two overlap well (351 s for 220 files with
  // a few other jobs beside it). A worker is replaced once it holds more than 1 GB after a suite. `npm test`
  // (scripts/test.cjs) runs the browser suites in a second run, in band, after all the others.
  maxWorkers: Math.max(2, require('node:os').availableParallelism() - 1),
  workerIdleMemoryLimit: '1GB',
  // Redis and PostgreSQL for the integration suites: found, or started and (PostgreSQL) stopped again.
  globalSetup: '<rootDir>/test/global-setup.cjs',
  globalTeardown: '<rootDir>/test/global-teardown.cjs',
};

// Jest global teardown: stops the throwaway PostgreSQL server global-setup.cjs may have started (Redis is left as the
// Redis setup has always left it).
'use strict';
const { stopEmbeddedPostgres } = require('./postgres-global-setup.cjs');

module.exports = async function globalTeardown() {
  await stopEmbeddedPostgres();
};

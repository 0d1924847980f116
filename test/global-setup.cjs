// Jest global setup: the servers the integration suites need (Redis for BullMQ, PostgreSQL for the PostgreSQL event
// store). Each file says how it finds or starts its server; global-teardown.cjs stops what they started.
'use strict';
const redisGlobalSetup = require('./redis-global-setup.cjs');
const postgresGlobalSetup = require('./postgres-global-setup.cjs');

module.exports = async function globalSetup() {
  await Promise.all([redisGlobalSetup(), postgresGlobalSetup()]);
};

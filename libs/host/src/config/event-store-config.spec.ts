import { join } from 'node:path';
import { ConfigError, ENV_VARS, parseConfig } from './app-config';

/** What the postgres profile needs besides EVENT_STORE, all valid. */
const POSTGRES = {
  EVENT_STORE: 'postgres',
  DATABASE_URL: 'postgres://shenbao:s3cret@db:5432/shenbao',
  REDIS_URL: 'redis://redis:6379',
  JWT_SECRET: 'j'.repeat(32),
  INTEGRITY_KEY_DIR: '/run/secrets/shenbao-tree-head-key',
};
const without = (name: keyof typeof POSTGRES) => Object.fromEntries(Object.entries(POSTGRES).filter(([k]) => k !== name));

/** What the kurrentdb profile needs besides EVENT_STORE, all valid. */
const KURRENTDB = {
  EVENT_STORE: 'kurrentdb',
  KURRENTDB_URL: 'kurrentdb://kurrentdb:2113?tls=false',
  REDIS_URL: 'redis://redis:6379',
  JWT_SECRET: 'j'.repeat(32),
  INTEGRITY_KEY_DIR: '/run/secrets/shenbao-tree-head-key',
};
const withoutK = (name: keyof typeof KURRENTDB) => Object.fromEntries(Object.entries(KURRENTDB).filter(([k]) => k !== name));

describe('app config: where the events live (EVENT_STORE, DATABASE_URL, DATABASE_SCHEMA) and BLOB_DIR', () => {
  it('defaults to the embedded SQLite store, schema public, blobs in DATA_DIR/blobs', () => {
    const c = parseConfig({ DATA_DIR: '/srv/shenbao' });
    expect(c).toMatchObject({ eventStore: 'sqlite', databaseSchema: 'public', blobDir: join('/srv/shenbao', 'blobs') });
    expect(c.databaseUrl).toBeUndefined();
    expect(parseConfig({ EVENT_STORE: 'SQLite' }).eventStore).toBe('sqlite');
  });

  it('reads the postgres profile', () => {
    expect(parseConfig(POSTGRES)).toMatchObject({ eventStore: 'postgres', databaseUrl: POSTGRES.DATABASE_URL, databaseSchema: 'public' });
    expect(parseConfig({ ...POSTGRES, EVENT_STORE: 'Postgres', DATABASE_URL: 'postgresql://db/x', DATABASE_SCHEMA: 'shenbao_prod' })).toMatchObject({
      eventStore: 'postgres',
      databaseUrl: 'postgresql://db/x',
      databaseSchema: 'shenbao_prod',
    });
  });

  it('takes PROJECTIONS=thread with the postgres profile (the thread opens a connection of its own)', () => {
    expect(parseConfig({ ...POSTGRES, PROJECTIONS: 'thread' })).toMatchObject({ eventStore: 'postgres', projections: 'thread' });
  });

  it('leaves KURRENTDB_URL unused when EVENT_STORE=postgres names the store (the compose file passes it to every replica)', () => {
    expect(parseConfig({ ...POSTGRES, KURRENTDB_URL: 'kurrentdb://k:2113?tls=false' })).toMatchObject({ eventStore: 'postgres', databaseUrl: POSTGRES.DATABASE_URL });
  });

  it('reads the kurrentdb profile; DATABASE_URL is not read there', () => {
    expect(parseConfig(KURRENTDB)).toMatchObject({ eventStore: 'kurrentdb', kurrentdbUrl: KURRENTDB.KURRENTDB_URL });
    expect(parseConfig({ ...KURRENTDB, DATABASE_URL: 'mysql://not-read' }).databaseUrl).toBeUndefined();
  });

  it('names every missing requirement of the kurrentdb profile at once', () => {
    expect(() => parseConfig({ EVENT_STORE: 'kurrentdb' })).toThrow(/needs KURRENTDB_URL[\s\S]*needs REDIS_URL[\s\S]*needs JWT_SECRET[\s\S]*needs INTEGRITY_KEY_DIR/);
  });

  it('reads BLOB_DIR as an absolute path', () => {
    expect(parseConfig({ BLOB_DIR: '/mnt/shared/blobs' }).blobDir).toBe('/mnt/shared/blobs');
    expect(parseConfig({ BLOB_DIR: 'rel/blobs' }).blobDir).toBe(join(process.cwd(), 'rel/blobs'));
  });

  it('lists each new variable with its help text', () => {
    for (const name of ['EVENT_STORE', 'DATABASE_URL', 'DATABASE_SCHEMA', 'BLOB_DIR']) expect(ENV_VARS).toHaveProperty(name, expect.any(String));
  });

  it.each([
    [{ EVENT_STORE: 'mysql' }, 'EVENT_STORE must be one of sqlite, postgres, kurrentdb (got "mysql")'],
    [withoutK('KURRENTDB_URL'), 'EVENT_STORE=kurrentdb needs KURRENTDB_URL'],
    [withoutK('REDIS_URL'), 'EVENT_STORE=kurrentdb needs REDIS_URL'],
    [withoutK('JWT_SECRET'), 'EVENT_STORE=kurrentdb needs JWT_SECRET'],
    [withoutK('INTEGRITY_KEY_DIR'), 'EVENT_STORE=kurrentdb needs INTEGRITY_KEY_DIR'],
    [{ ...KURRENTDB, KURRENTDB_URL: 'esdb://old:2113' }, 'KURRENTDB_URL'],
    [{ ...KURRENTDB, EVENT_STORE_WRITER: 'thread' }, 'EVENT_STORE_WRITER=thread is for the embedded SQLite store only; unset it with EVENT_STORE=kurrentdb'],
    [{ ...KURRENTDB, PROJECTIONS: 'thread' }, 'with EVENT_STORE=kurrentdb the read models are projected on the event loop'],
    [without('DATABASE_URL'), 'EVENT_STORE=postgres needs DATABASE_URL'],
    [without('REDIS_URL'), 'EVENT_STORE=postgres needs REDIS_URL'],
    [without('JWT_SECRET'), 'EVENT_STORE=postgres needs JWT_SECRET'],
    [without('INTEGRITY_KEY_DIR'), 'EVENT_STORE=postgres needs INTEGRITY_KEY_DIR: every API replica signs and checks tree heads with the same key'],
    [{ ...POSTGRES, DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL must start with postgres:// or postgresql:// (got mysql://…)'],
    [{ ...POSTGRES, DATABASE_URL: 'db:5432' }, 'DATABASE_URL must start with postgres://'],
    [{ ...POSTGRES, DATABASE_URL: 'not a url' }, 'DATABASE_URL is not a valid URL'],
    [{ ...POSTGRES, DATABASE_SCHEMA: 'Shenbao' }, 'DATABASE_SCHEMA must be a lower-case identifier'],
    [{ ...POSTGRES, DATABASE_SCHEMA: '1st' }, 'DATABASE_SCHEMA must be a lower-case identifier'],
    [{ ...POSTGRES, DATABASE_SCHEMA: 'x; drop table events' }, 'DATABASE_SCHEMA must be a lower-case identifier'],
    [{ ...POSTGRES, DATABASE_SCHEMA: 's'.repeat(41) }, 'DATABASE_SCHEMA must be a lower-case identifier'],
    [{ ...POSTGRES, EVENT_STORE_WRITER: 'thread' }, 'EVENT_STORE_WRITER=thread is for the embedded SQLite store only'],
  ])('rejects %j', (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
  });

  it('names every missing requirement of the postgres profile at once', () => {
    expect(() => parseConfig({ EVENT_STORE: 'postgres' })).toThrow(/needs DATABASE_URL[\s\S]*needs REDIS_URL[\s\S]*needs JWT_SECRET[\s\S]*needs INTEGRITY_KEY_DIR/);
  });

  it('never echoes a DATABASE_URL, which may hold a password', () => {
    for (const url of ['mysql://u:s3cret@db/x', 'u:s3cret@db']) {
      expect(() => parseConfig({ ...POSTGRES, DATABASE_URL: url })).toThrow(/DATABASE_URL/);
      expect(() => parseConfig({ ...POSTGRES, DATABASE_URL: url })).not.toThrow(/s3cret/);
    }
  });

  it('reads DATABASE_URL and DATABASE_SCHEMA only with EVENT_STORE=postgres: alone (as test set-ups export them) they change nothing', () => {
    const c = parseConfig({ DATABASE_URL: 'mysql://elsewhere/x', DATABASE_SCHEMA: 'Not An Identifier' });
    expect(c).toMatchObject({ eventStore: 'sqlite', databaseSchema: 'public' });
    expect(c.databaseUrl).toBeUndefined();
  });
});

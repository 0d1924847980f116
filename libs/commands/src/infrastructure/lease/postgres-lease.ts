/**
 * A lease as a PostgreSQL session advisory lock (`pg_try_advisory_lock(namespace, name)`) on a connection of its
 * own, held for the lease's life. The server releases a session lock when the session ends, so:
 * - a holder killed (`kill -9`, a crash, the OOM killer): its kernel closes the socket, the server ends the session
 *   at once and the lock is free; a standby takes it at its next attempt (`retryMs`, default 500 ms);
 * - a holder whose host or network vanished (no FIN ever comes): the server's TCP keepalive, set per session here
 *   (`tcp_keepalives_idle` 5 s, `_interval` 2 s, `_count` 3), ends the session after about 11 s;
 * - a holder that hangs with its socket open (event loop blocked, SIGSTOP, a debugger): its health queries stop, and
 *   the session's `idle_session_timeout` (5 × checkMs, at least 10 s) has the server end it. When the holder wakes,
 *   its next health query fails and it hears `lost` — it may have finished a batch meanwhile, which the run-once
 *   followers tolerate (idempotent effects, see docs in README "Several replicas").
 * The holder checks its lock every `checkMs` (default 2 s) with a query that asks `pg_locks` whether this session
 * still holds it (a dead connection fails it, a terminated backend too), and hears the connection's `error`/`end`
 * at once. Standbys poll with the try-lock (no blocking `pg_advisory_lock`: a waiting session cannot be aborted
 * cleanly from the client).
 */
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { BaseLease } from './lease';
import type { LeaseTiming } from './lease';

export interface PostgresLeaseOptions extends LeaseTiming {
  connectionString: string;
  /** The lease's name; with `namespace`, hashed to the lock's two 31-bit keys. */
  name: string;
  /** Separates installations sharing a server (the REDIS_PREFIX or schema of the deployment); default `shenbao`. */
  namespace?: string;
  /** Connect and query timeout (default 5 s). */
  timeoutMs?: number;
}

/** A non-negative 31-bit key (the same as an int4 and an oid, so pg_locks can be matched without casts going wrong). */
export function lockKey(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) & 0x7fffffff;
}

export class PostgresLease extends BaseLease {
  readonly kind = 'postgres' as const;
  private client: Client | undefined;
  private readonly keys: [number, number];
  private readonly idleTimeoutMs: number;

  constructor(private readonly options: PostgresLeaseOptions) {
    super(options.name, { retryMs: options.retryMs, checkMs: options.checkMs ?? 2000 });
    this.keys = [lockKey(options.namespace ?? 'shenbao'), lockKey(options.name)];
    this.idleTimeoutMs = Math.max(10_000, 5 * this.checkMs);
  }

  /** The backend process id of the holding session (tests terminate it to see a loss noticed). */
  async backendPid(): Promise<number | undefined> {
    if (!this.client) return undefined;
    const { rows } = await this.client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return rows[0]?.pid;
  }

  protected async attempt(): Promise<boolean> {
    const client = await this.connection();
    const { rows } = await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1::int, $2::int) AS got', this.keys);
    return rows[0]?.got === true;
  }

  protected async verify(): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    const { rows } = await client.query<{ held: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
         AND classid = $1::int::oid AND objid = $2::int::oid AND objsubid = 2) AS held`,
      this.keys,
    );
    return rows[0]?.held === true;
  }

  protected async drop(): Promise<void> {
    await this.client?.query('SELECT pg_advisory_unlock($1::int, $2::int)', this.keys);
  }

  protected async dispose(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end();
  }

  /** The lease's own connection, opened on first use and again after it died. */
  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    const timeoutMs = this.options.timeoutMs ?? 5000;
    const client = new Client({
      connectionString: this.options.connectionString,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: 5000,
      application_name: `shenbao-lease-${this.options.name}`.slice(0, 63),
    });
    const gone = (reason: string) => {
      if (this.client === client) this.client = undefined;
      this.lose(`lease ${this.name}: the connection holding it ${reason}`);
    };
    client.on('error', (e) => gone(`failed (${e.message})`));
    client.on('end', () => gone('ended'));
    await client.connect();
    try {
      await client.query(
        `SELECT set_config('idle_session_timeout', $1, false), set_config('tcp_keepalives_idle', '5', false),
                set_config('tcp_keepalives_interval', '2', false), set_config('tcp_keepalives_count', '3', false)`,
        [String(this.idleTimeoutMs)],
      );
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      throw new Error(`lease ${this.name} is closed`);
    }
    this.client = client;
    return client;
  }
}

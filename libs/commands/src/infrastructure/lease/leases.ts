/**
 * The leases of this process, one per piece of run-once work (named `deadlines`, `notifier`), of the kind the
 * configuration says (LEASE, lease-config.ts in @shenbao/host). One lease per follower rather than one for the group:
 * the two are independent (a notifier stuck on SMTP or Redis must not hold the deadlines back), a standby can hold
 * one while another replica holds the other, which spreads the work, and a loss stops only the work it guards.
 * Reports them in /health (`states`) and as `shenbao_lease_held{name}` at every scrape; closes them on shutdown.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@shenbao/host';
import type { AppConfig, LeaseConfig } from '@shenbao/host';
import { MetricsService } from '../../observability/metrics.service';
import { NoLease } from './lease';
import type { Lease, LeaseState } from './lease';
import { PostgresLease } from './postgres-lease';
import { RedisLease } from './redis-lease';

const NO_LEASE: LeaseConfig = { mode: 'none', reason: 'no lease configured', redisTtlMs: 8000 };

/** Makes a lease of the configured kind (exported for tests and the failover children). */
export function leaseFor(config: Pick<AppConfig, 'databaseUrl' | 'redisUrl' | 'redisPrefix' | 'lease'> & { databaseSchema?: string }, name: string): Lease {
  const lease = config.lease ?? NO_LEASE;
  const namespace = config.redisPrefix ?? 'shenbao';
  // Advisory locks are per server: the schema is part of the key, so installations in two schemas of one database
  // (the tests do that) hold their leases apart.
  const pgNamespace = config.databaseSchema !== undefined && config.databaseSchema !== 'public' ? `${config.databaseSchema}:${namespace}` : namespace;
  if (lease.mode === 'postgres') return new PostgresLease({ connectionString: (lease.databaseUrl ?? config.databaseUrl)!, name, namespace: pgNamespace });
  if (lease.mode === 'redis') return new RedisLease({ url: config.redisUrl!, name, prefix: namespace, ttlMs: lease.redisTtlMs });
  return new NoLease(name);
}

@Injectable()
export class Leases implements OnApplicationShutdown {
  private readonly logger = new Logger('Leases');
  private readonly leases = new Map<string, Lease>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.metrics.onScrape(() => {
      for (const [name, lease] of this.leases) this.metrics.setLeaseHeld(name, lease.held);
    });
  }

  get mode(): LeaseConfig['mode'] {
    return (this.config.lease ?? NO_LEASE).mode;
  }

  /** The lease named `name` (one per name in this process). */
  lease(name: string): Lease {
    let lease = this.leases.get(name);
    if (!lease) {
      lease = leaseFor(this.config, name);
      this.leases.set(name, lease);
      if (this.leases.size === 1 && lease.kind !== 'none') {
        const lc = this.config.lease ?? NO_LEASE;
        this.logger.log({ kind: lease.kind, because: lc.reason, ...(lease.kind === 'redis' ? { ttlMs: lc.redisTtlMs } : {}) }, 'Run-once work (deadline consumer, notifier) runs under leases; a standby takes over when the holder dies.');
      }
    }
    return lease;
  }

  states(): Record<string, LeaseState> {
    return Object.fromEntries([...this.leases].map(([name, lease]) => [name, lease.state()]));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.leases.values()].map((l) => l.close()));
  }
}

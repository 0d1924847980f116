/**
 * `GET /health` (public, at the server root): 200 with each dependency's state, 503 when one is down. Checks are
 * cheap reads with a timeout, so a hung store shows as down instead of hanging the probe. `redis` is checked only
 * when REDIS_URL is set.
 */
import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { HealthCheckResult, HealthIndicatorFunction } from '@nestjs/terminus';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SqliteEventStore } from '@shenbao/event-store';
import type { EventStore } from '@shenbao/event-store';
import { Public } from '../auth/auth.decorators';
import type { AppDatabase } from '@shenbao/commands';
import { APP_DATABASE, EVENT_STORE, REDIS_PROBE } from '@shenbao/host';
import { ReadModels } from '../read-side/read-models.service';
import { DeadlinesService, CalendarReplans, Leases } from '@shenbao/commands';
import type { RedisProbe } from '@shenbao/host';
import { IntegrityService } from '../integrity/integrity.service';
import { integrityHealth } from '../integrity/integrity-health';

const TIMEOUT_MS = 2000;
/** Shorter than the rest: a PING is one round trip, and a Redis that slow is as good as down for the queues. */
const REDIS_TIMEOUT_MS = 1000;

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(APP_DATABASE) private readonly db: AppDatabase,
    private readonly readModels: ReadModels,
    private readonly deadlines: DeadlinesService,
    private readonly calendar: CalendarReplans,
    @Inject(REDIS_PROBE) private readonly redis: RedisProbe | null,
    private readonly integrity: IntegrityService,
    private readonly leases: Leases,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: "Each dependency's state; 200 when all are up, 503 when one is down (public)" })
  check(): Promise<HealthCheckResult> {
    const checks: HealthIndicatorFunction[] = [
      () =>
        this.indicators
          .check('eventStore')
          .attempt(async () => {
            const sqlite = this.events instanceof SqliteEventStore ? this.events : undefined;
            // A writer thread that failed means no command can be stored: down, with its reason.
            sqlite?.checkWritable();
            return { headPosition: await this.events.headPosition(), ...(sqlite ? { writesIn: sqlite.writesIn } : {}) };
          })
          .withTimeout(TIMEOUT_MS),
      () => this.indicators.check('appDatabase').attempt(() => {
        this.db.prepare('SELECT 1').get();
      }).withTimeout(TIMEOUT_MS),
      () => {
        // A failed or stopped projection runner means lists, inbox and dashboards no longer follow the log.
        const readModels = this.indicators.check('readModels');
        const status = this.readModels.status();
        return status.state === 'following' ? readModels.up({ ...status }) : readModels.down({ ...status });
      },
      async () => {
        // A stopped deadline consumer, or one stuck behind the log on an error, plans no new deadlines.
        const deadlines = this.indicators.check('deadlines');
        const { up, ...status } = await this.deadlines.status();
        return up ? deadlines.up(status) : deadlines.down(status);
      },
      async () => {
        // A warning, never a failure: deadlines counted on a provisional year are right by the statutory rules and
        // are re-planned when the official arrangement is published.
        const calendar = this.indicators.check('calendar');
        try {
          const use = await this.calendar.provisionalUse();
          if (use.deadlines === 0) return calendar.up({ provisionalDeadlines: 0 });
          const warning = `${use.deadlines} open deadline(s) rely on a provisional calendar (${use.years.join(', ')}): statutory holidays only, no adjusted workdays; publish the official arrangement (PUT /calendar/:year).`;
          return calendar.up({ provisionalDeadlines: use.deadlines, provisionalYears: use.years, warning });
        } catch (e) {
          return calendar.up({ warning: `open deadlines could not be checked: ${e instanceof Error ? e.message : String(e)}` });
        }
      },
      // Always up: a standby is as healthy as the holder (it takes over when the holder dies). Which work this
      // process runs, under which kind of lease (LEASE), since when; a lease server that cannot be reached shows as
      // `error` here and as down in its own entry (eventStore or redis).
      () => this.indicators.check('leases').up({ mode: this.leases.mode, ...this.leases.states() }),
      // Always up (integrity-health.ts); a store that cannot answer is the eventStore entry's to report.
      async () => this.indicators.check('integrity').up(integrityHealth(this.integrity, await this.events.headPosition().catch(() => undefined))),
    ];
    const redis = this.redis;
    if (redis) {
      // The queues (deadlines, notifications) live there.
      checks.push(async () => {
        const indicator = this.indicators.check('redis');
        try {
          return indicator.up({ pingMs: await redis.ping(REDIS_TIMEOUT_MS) });
        } catch (e) {
          return indicator.down({ message: e instanceof Error ? e.message : String(e) });
        }
      });
    }
    return this.health.check(checks);
  }
}

/** Operational behaviour: health turning 503 when the event store is gone, correlation ids, metrics token. */
import { MemoryEventStore } from '@shenbao/event-store';
import { ADMIN_PASSWORD, bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

const METRICS_TOKEN = 'prometheus-scrape-token-0123456789abcdef';

describe('operations (e2e)', () => {
  let t: TestApp;
  const store = new MemoryEventStore();

  beforeAll(async () => {
    t = await bootTestApp({ METRICS_TOKEN }, { eventStore: store });
  });
  afterAll(async () => {
    await t.close();
  });

  it('echoes a sane X-Correlation-Id and replaces anything else', async () => {
    const given = await t.http().get('/health').set('X-Correlation-Id', 'trace-42.abc').expect(200);
    expect(given.headers['x-correlation-id']).toBe('trace-42.abc');
    const insane = await t.http().get('/health').set('X-Correlation-Id', 'a b <script>').expect(200);
    expect(insane.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records the correlation id in event metadata', async () => {
    const admin = await t.token('admin', ADMIN_PASSWORD);
    const res = await t.http().post('/api/v1/experts').set('Authorization', `Bearer ${admin}`).set('X-Correlation-Id', 'corr-expert-1')
      .send({ name: '陈专家', homeCityCode: '440600', employer: '佛山科学技术学院', fields: ['工业互联网'] }).expect(201);
    const [event] = await store.readStream(`expert-${res.body.id}`);
    expect(event.metadata).toMatchObject({ correlationId: 'corr-expert-1', causationId: 'corr-expert-1', role: 'admin', schemaVersion: 1 });
  });

  it('accepts METRICS_TOKEN on /metrics only', async () => {
    await t.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    await t.http().get('/api/v1/users/me').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(401);
  });

  it('reports each directory and the projection runner on the processor kernel: its position and lag', async () => {
    const admin = await t.token('admin', ADMIN_PASSWORD);
    const res = await t.http().get('/metrics').set('Authorization', `Bearer ${admin}`).expect(200);
    for (const follower of ['users', 'experts', 'workflows', 'programs', 'calendar', 'projections']) {
      expect(res.text).toMatch(new RegExp(`^shenbao_follower_position\\{follower="${follower}"\\} \\d+$`, 'm'));
      expect(res.text).toMatch(new RegExp(`^shenbao_follower_lag_events\\{follower="${follower}"\\} \\d+$`, 'm'));
    }
    const head = await store.headPosition();
    const users = Number(/^shenbao_follower_position\{follower="users"\} (\d+)$/m.exec(res.text)?.[1]);
    expect(users).toBeGreaterThan(0);
    expect(users).toBeLessThanOrEqual(head);
  });

  it('answers 503 with each dependency state when the event store is down', async () => {
    await store.close();
    const res = await t.http().get('/health').expect(503);
    expect(res.body).toMatchObject({
      statusCode: 503,
      error: 'SERVICE_UNAVAILABLE',
      details: { status: 'error', error: { eventStore: { status: 'down' } }, info: { appDatabase: { status: 'up' } } },
    });
  });
});

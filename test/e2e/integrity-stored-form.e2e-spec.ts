/**
 * The integrity check verifies the log in its stored form on every adapter, not what `readAll` hands out: on a store
 * with an upcaster that changes an event the app wrote, the check raises nothing and the case's verifiable record
 * carries the stored text (which verifies offline). Before, a store other than the SQLite file was read through
 * `readAll` and serialised again, so every upcast event would have been reported as tampered with.
 */
import { MemoryEventStore, UpcasterRegistry } from '@shenbao/event-store';
import { IntegrityService } from '../../apps/api/src/integrity/integrity.service';
import { verifyRecordText } from '../../tools/verify/verify.mjs';
import { CaseHttp, TIANHE } from './support/case-http';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

describe('integrity over an upcast log (e2e)', () => {
  let t: TestApp;

  afterAll(async () => {
    await t?.close();
  });

  it('verifies the stored text, raises nothing, and records the stored text', async () => {
    // Every CaseCreated read back gains a field it was not stored with.
    const upcasters = new UpcasterRegistry().register('CaseCreated', 1, (e) => ({ ...e, data: { ...(e.data as object), upcastNote: 'added on read' } }));
    t = await bootTestApp({}, { eventStore: new MemoryEventStore({ upcasters }) });
    const h = new CaseHttp(t);
    await h.signInAdmin();
    await h.addUser('city-gz', { role: 'city', cityCode: '440100' });
    await h.addUser('app-th', { role: 'applicant', cityCode: '440100', districtCode: '440106' });
    const draft = await h.createCase('app-th', 'city-gz', TIANHE, await h.programIdOf('gd-bdpz-2019'));
    const history = await h.call('app-th', 'get', `/cases/${draft.id}/history`).expect(200);
    expect((history.body.items as { type: string; data: Record<string, unknown> }[])[0]).toMatchObject({ type: 'CaseCreated', data: { upcastNote: 'added on read' } });

    const integrity = t.app.get(IntegrityService);
    const record = await h.call('app-th', 'get', `/cases/${draft.id}/record`).expect(200);
    await integrity.sweep();
    expect(integrity.incidents()).toEqual([]);
    const created = (record.body.events as { type: string; data: unknown }[]).find((e) => e.type === 'CaseCreated');
    expect(JSON.stringify(created?.data)).not.toContain('upcastNote');
    expect(verifyRecordText(JSON.stringify(record.body))).toMatchObject({ ok: true });
  });
});

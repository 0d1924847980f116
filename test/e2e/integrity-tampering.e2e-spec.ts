/**
 * Tampering with events.sqlite while the app is stopped, as an outsider with the file would (issue #16): after the
 * restart each change is found by the background sweep and named with its stream and position — changed data,
 * changed metadata, a recomputed chain, a deleted tail event, a deleted middle event, a swapped order, and the log's
 * own last event deleted. Incidents are listed by GET /integrity, counted in /metrics, shown in /health (200,
 * degraded), and a broken stream takes no more events while sound ones go on.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { canonicalJson, eventHash } from '@shenbao/event-store';
import { TestClock } from './support/case-seeding';
import { applicantIn, bootCaseWorld, OFFICERS, TIANHE } from './support/case-http';
import type { CaseHttp, CaseRef } from './support/case-http';
import type { TestApp } from './support/test-app';
import { until } from './support/until';

const T0 = new Date('2019-03-01T02:00:00Z');

interface Row {
  position: number;
  revision: number;
  stream: string;
  id: string;
  type: string;
  data: string;
  metadata: string;
}
interface Incident {
  stream: string;
  position: number;
  kind: string;
}

describe('integrity: tampering found after a restart (e2e)', () => {
  const clock = new TestClock(T0);
  let t: TestApp;
  let h: CaseHttp;
  let programId: string;
  const cases: Record<string, CaseRef> = {};
  const at: Record<string, Row[]> = {};

  const open = () => new Database(join(t.dataDir, 'events.sqlite'));
  const incidents = async (): Promise<Incident[]> => (await h.call('admin', 'get', '/integrity').expect(200)).body.incidents;
  const found = (list: Incident[], stream: string, position: number, kind: string) =>
    list.some((i) => i.stream === stream && i.position === position && i.kind === kind);

  beforeAll(async () => {
    ({ t, h, programId } = await bootCaseWorld(clock, { users: { 'city-gz': OFFICERS['city-gz'], 'applicant-th': applicantIn(TIANHE) } }));
    for (const name of ['data', 'meta', 'rechain', 'tail', 'middle', 'swap', 'sound']) cases[name] = await h.submitted('applicant-th', 'city-gz', TIANHE, programId);
    expect(await incidents()).toEqual([]);
  });

  afterAll(async () => {
    await t.close();
  });

  it('names each change with its stream and position, refuses writes to broken streams only', async () => {
    await t.restart(undefined, () => {
      const db = open();
      const rows = (name: string): Row[] => db.prepare('SELECT * FROM events WHERE stream = ? ORDER BY revision').all(`case-${cases[name].id}`) as Row[];
      for (const name of Object.keys(cases)) at[name] = rows(name);
      const update = db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?');
      // Changed data and changed metadata, hashes left alone.
      const d = at.data[1];
      update.run(d.data.replace('广州市天河区人民政府', '广州市越秀区人民政府'), d.metadata, d.position);
      const m = at.meta[1];
      update.run(m.data, m.metadata.replace('"role":"applicant"', '"role":"province"'), m.position);
      // Data changed and the chain recomputed, as someone who knows the algorithm would.
      let prev = (JSON.parse(at.rechain[0].metadata) as { hash: string }).hash;
      for (const r of at.rechain.slice(1)) {
        const data = r.revision === 1 ? r.data.replace('广州市天河区人民政府', '广州市越秀区人民政府') : r.data;
        const { hash: _h, prevHash: _p, ...rest } = JSON.parse(r.metadata) as Record<string, unknown>;
        const hash = eventHash(prev, { ...r, dataJson: data, metadataJson: canonicalJson(rest) });
        update.run(data, canonicalJson({ ...rest, prevHash: prev, hash }), r.position);
        prev = hash;
      }
      // A stream's last event and a middle event deleted; two events swapped.
      db.prepare('DELETE FROM events WHERE position = ?').run(at.tail[at.tail.length - 1].position);
      db.prepare('DELETE FROM events WHERE position = ?').run(at.middle[1].position);
      const [s1, s2] = [at.swap[1].position, at.swap[2].position];
      db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(s1);
      db.prepare('UPDATE events SET position = ? WHERE position = ?').run(s1, s2);
      db.prepare('UPDATE events SET position = ? WHERE position = -1').run(s2);
      db.close();
    });
    const s = (name: string) => `case-${cases[name].id}`;
    const expected: [string, number, string][] = [
      [s('data'), at.data[1].position, 'changed'],
      [s('meta'), at.meta[1].position, 'changed'],
      [s('rechain'), at.rechain[1].position, 'rewritten'],
      [s('tail'), at.tail[at.tail.length - 1].position, 'missingTail'],
      [s('middle'), at.middle[1].position, 'positionGap'],
      [s('middle'), at.middle[2].position, 'revisionGap'],
      [s('swap'), at.swap[1].position, 'revisionGap'],
      [s('swap'), at.swap[2].position, 'reordered'],
    ];
    const list = await until('the sweep to name every change', async () => {
      const now = await incidents();
      return expected.every(([stream, position, kind]) => found(now, stream, position, kind)) ? now : undefined;
    });
    expect(list.filter((i) => i.stream === s('sound'))).toEqual([]);

    const health = await t.http().get('/health').expect(200);
    expect(health.body.info.integrity).toMatchObject({ status: 'up', state: 'degraded', incidents: expect.arrayContaining([{ stream: s('data'), position: at.data[1].position, kind: 'changed' }]) });
    const metrics = await t.http().get('/metrics').set('authorization', `Bearer ${h.tokens.admin}`).expect(200);
    expect(metrics.text).toMatch(/shenbao_integrity_incidents_total\{kind="changed"\} 2/);

    const refused = await h.act('applicant-th', cases.data.id, 'withdraw', { reason: '撤回' }).expect(403);
    expect(refused.body).toMatchObject({ error: 'FORBIDDEN', details: { reason: 'integrityIncident', stream: s('data'), position: at.data[1].position, kind: 'changed' } });
    await h.act('applicant-th', cases.sound.id, 'withdraw', { reason: '撤回' }).expect(200);
  });

  it('catches a recomputed chain whose verified hashes were rewritten too, by the signed tree head', async () => {
    const before = (await h.call('admin', 'post', '/integrity/tree-heads').expect(201)).body as { size: number };
    const deep = await h.submitted('applicant-th', 'city-gz', TIANHE, programId);
    const after = (await h.call('admin', 'post', '/integrity/tree-heads').expect(201)).body as { size: number };
    let changedAt = 0;
    await t.restart(undefined, () => {
      const db = open();
      const app = new Database(join(t.dataDir, 'app.sqlite'));
      const rows = db.prepare('SELECT * FROM events WHERE stream = ? ORDER BY revision').all(`case-${deep.id}`) as Row[];
      let prev = (JSON.parse(rows[0].metadata) as { hash: string }).hash;
      for (const r of rows.slice(1)) {
        const data = r.revision === 1 ? r.data.replace('广州市天河区人民政府', '广州市越秀区人民政府') : r.data;
        const { hash: _h, prevHash: _p, ...rest } = JSON.parse(r.metadata) as Record<string, unknown>;
        const hash = eventHash(prev, { ...r, dataJson: data, metadataJson: canonicalJson(rest) });
        db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?').run(data, canonicalJson({ ...rest, prevHash: prev, hash }), r.position);
        // …and what the check verified before, so that the sweep finds nothing amiss.
        app.prepare('UPDATE integrity_leaves SET hash = ? WHERE position = ?').run(hash, r.position);
        app.prepare('UPDATE integrity_streams SET hash = ? WHERE stream = ? AND revision = ?').run(hash, r.stream, r.revision);
        prev = hash;
      }
      changedAt = rows[1].position;
      db.close();
      app.close();
    });
    const list = await until('the tree head to be found broken', async () => {
      const now = await incidents();
      return now.some((i) => i.kind === 'treeHeadMismatch') ? now : undefined;
    });
    const incident = list.find((i) => i.kind === 'treeHeadMismatch') as Incident & { detail: string };
    expect(incident.position).toBe(after.size);
    expect(changedAt).toBeGreaterThan(before.size);
    expect(incident.detail).toContain(`between positions ${before.size + 1} and ${after.size}`);
  });

  it("names the log's own last event deleted", async () => {
    let last: Row | undefined;
    await t.restart(undefined, () => {
      const db = open();
      last = db.prepare('SELECT * FROM events ORDER BY position DESC LIMIT 1').get() as Row;
      db.prepare('DELETE FROM events WHERE position = ?').run(last.position);
      db.close();
    });
    await until('the deleted last event to be named', async () => (found(await incidents(), last!.stream, last!.position, 'missingTail') ? true : undefined));
  });
});

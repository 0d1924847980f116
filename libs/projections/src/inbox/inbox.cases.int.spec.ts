import type { Db } from '../projection-runner';
import { projectionWorld } from '../testing/projection-world.fixture';
import { resolveGd } from '../testing/event-script.fixture';
import { GZ, SZ, caseASubmitted, caseCOverdueInReview, ce, create } from '../testing/pilot-scenario.fixture';
import { CaseListProjection } from '../case-list/case-list.projection';
import type { StageDue } from '../case-list/case-list.due';
import { InboxProjection } from './inbox.projection';
import { inboxFor, type InboxActor } from './inbox.queries';
import { withCases } from './inbox.cases';

const DAY = 24 * 3600 * 1000;
/** Due ten days after entering cityAudit; no other stage has a limit here. */
const stageDue: StageDue = (_def, e) => (e.stage === 'cityAudit' ? new Date(Date.parse(e.enteredAt) + 10 * DAY).toISOString() : null);

const gzCity: InboxActor = { userId: 'u-gz', role: 'city', cityCode: GZ };
const szCity: InboxActor = { userId: 'u-sz', role: 'city', cityCode: SZ };
const province: InboxActor = { userId: 'u-p', role: 'province' };

/** `db` whose statements count their executions (prepared statements included, whatever caches them). */
function counting(db: Db): { db: Db; runs: () => number } {
  let runs = 0;
  const wrap = (st: object) =>
    new Proxy(st, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver) as unknown;
        if (typeof v !== 'function') return v;
        if (['all', 'get', 'run', 'iterate'].includes(String(key))) return (...args: unknown[]) => ((runs += 1), (v as (...a: unknown[]) => unknown).apply(target, args));
        return (v as (...a: unknown[]) => unknown).bind(target);
      },
    });
  const counted = new Proxy(db, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver) as unknown;
      if (key === 'prepare') return (sql: string) => wrap(target.prepare(sql));
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { db: counted, runs: () => runs };
}

describe('inbox items with their cases', () => {
  const world = projectionWorld(() => [new CaseListProjection(resolveGd, stageDue), new InboxProjection(resolveGd)]);

  it("gives each item its case's unit, stage, due time and overdue mark", async () => {
    await caseASubmitted(world.script); // 天河区人民政府 (Guangzhou) with a Shenzhen partner: cityAudit
    await caseCOverdueInReview(world.script); // 深圳市工业和信息化局: expertReview, overdue
    await world.runner.catchUp();
    const gz = withCases(world.db, inboxFor(world.db, gzCity), gzCity).items;
    expect(gz).toHaveLength(1);
    const submittedAt = gz[0]!.createdAt;
    expect(gz[0]).toMatchObject({ kind: 'audit-pending', caseId: 'A' });
    expect(gz[0]!.case).toEqual({ unitName: '天河区人民政府', stage: 'cityAudit', dueAt: new Date(Date.parse(submittedAt) + 10 * DAY).toISOString(), overdue: false });

    const prov = withCases(world.db, inboxFor(world.db, province), province).items;
    const overdue = prov.find((i) => i.caseId === 'C');
    expect(overdue?.case).toEqual({ unitName: '深圳市工业和信息化局', stage: 'expertReview', dueAt: null, overdue: true });
  });

  it('gives no case to a caller who may not see it', async () => {
    await caseASubmitted(world.script);
    await caseCOverdueInReview(world.script);
    await world.runner.catchUp();
    // A page naming A (Guangzhou's) and C (Shenzhen's alone), read by Guangzhou's officer: C is not shown to it.
    const items = [...inboxFor(world.db, szCity).items, ...inboxFor(world.db, province).items];
    expect(new Set(items.map((i) => i.caseId))).toEqual(new Set(['A', 'C']));
    const asGz = withCases(world.db, { items, nextCursor: null }, gzCity).items;
    expect(asGz.map((i) => [i.caseId, i.case?.unitName ?? null])).toEqual(items.map((i) => [i.caseId, i.caseId === 'A' ? '天河区人民政府' : null]));
  });

  it('reads the cases of a page of 20 items in one statement, not one per item', async () => {
    for (let n = 1; n <= 20; n++) {
      await create(world.script, `Z${n}`, { level: 'district', cityCode: GZ, districtCode: '440106', unitName: `单位${n}` }, [], 'u-tianhe');
      await world.script.onCase(`Z${n}`, ce('CaseSubmitted', { cities: [GZ] }));
    }
    await world.runner.catchUp();
    const page = inboxFor(world.db, gzCity, { limit: 20 });
    expect(page.items).toHaveLength(20);
    const { db, runs } = counting(world.db);
    const items = withCases(db, page, gzCity).items;
    expect(items.every((i) => i.case?.stage === 'cityAudit')).toBe(true);
    expect(new Set(items.map((i) => i.case?.unitName)).size).toBe(20);
    expect(runs()).toBe(1);
  });
});

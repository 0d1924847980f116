/**
 * Drives cases through the whole lifecycle over HTTP in a fixed number of lanes, each with one request in flight:
 * create → save → submit → city audit → recommendation → panel → 3 × scores → conclude → publicity batch, then,
 * once the publicity timer has moved the case to approval, approval. A case waiting for its timer does not hold a
 * lane: the lane starts the next case, and a poller (not counted as steps) hands the case back when it is ready.
 * Every step's latency is kept by step name; a failed step ends its case and is counted by status and error.
 */
import { dateIn } from '@shenbao/domain';
import type { Application } from '@shenbao/domain';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonClient } from '../http/http-client';
import { API, applicationFor } from '../http/setup';
import type { Lane, LifecycleSetup } from './setup';

export const STEPS = ['create', 'save', 'submit', 'cityAudit', 'recommendation', 'panel', 'scores', 'conclude', 'publicity', 'approval'] as const;
export type StepName = (typeof STEPS)[number];

const SCORES = { basis: 16, plan: 17, tasks: 16, investment: 12, policy: 8, innovation: 12 };
const POLL_MS = 50;
/** A case still in publicity this long after its batch opened counts as failed (the timer did not fire). */
const PUBLICITY_TIMEOUT_MS = 60_000;

export class LifecycleRun {
  readonly latencies = new Map<StepName, number[]>(STEPS.map((s) => [s, []]));
  /** "step status error" → count. */
  readonly failures = new Map<string, number>();
  polls = 0;
  approved = 0;
  private started = 0;
  /** Case id → when its publicity batch opened. */
  private readonly parked = new Map<string, number>();
  private readonly ready: string[] = [];
  private waiters: (() => void)[] = [];
  private lanesDone = false;

  constructor(
    private readonly client: JsonClient,
    private readonly s: LifecycleSetup,
    private readonly cases: number,
  ) {}

  /** Runs every case to approval (or its first failure) with one lane per applicant. */
  async run(): Promise<void> {
    const poller = this.poll();
    await Promise.all(this.s.applicants.map((lane) => this.lane(lane)));
    this.lanesDone = true;
    await poller;
  }

  get steps(): number {
    let n = 0;
    for (const l of this.latencies.values()) n += l.length;
    return n;
  }

  private async lane(lane: Lane): Promise<void> {
    for (;;) {
      const caseId = this.ready.shift();
      if (caseId !== undefined) await this.approve(caseId);
      else if (this.started < this.cases) {
        this.started++;
        await this.toPublicity(lane);
      } else if (this.parked.size === 0) return;
      else await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private async toPublicity(lane: Lane): Promise<void> {
    const { city, province, experts, programId } = this.s;
    const created = await this.step<{ id: string }>('create', 'POST', '/cases', lane.token, { programId, applicant: lane.party });
    if (!created) return;
    const id = created.id;
    const application: Application = applicationFor(lane.party.unitName, id, this.started);
    const today = dateIn(new Date());
    const path = (action: string) => `/cases/${id}/${action}`;
    const ok =
      (await this.step('save', 'PUT', path('application'), lane.token, application)) &&
      (await this.step('submit', 'POST', path('submit'), lane.token, {})) &&
      (await this.step('cityAudit', 'POST', path('city-audit'), city, { decision: 'pass', comment: '材料真实完整' })) &&
      (await this.step('recommendation', 'POST', path('recommendation'), city, { letterNo: `穗工信函〔${id.slice(0, 8)}〕1号`, issuedOn: today, statement: '同意推荐' })) &&
      (await this.step('panel', 'POST', path('panel'), province, { expertIds: experts.map((e) => e.id) })) &&
      (await this.scores(id)) &&
      (await this.step('conclude', 'POST', path('expert-review/conclude'), province, { comment: '评审通过' })) &&
      (await this.step('publicity', 'POST', `/programs/${programId}/publicity-batches`, province, { caseIds: [id], startsOn: today }));
    if (ok) this.parked.set(id, Date.now());
  }

  private async scores(id: string): Promise<boolean> {
    for (const e of this.s.experts) {
      if (!(await this.step('scores', 'POST', `/cases/${id}/scores`, e.token, { scores: SCORES, comment: '基础扎实' }))) return false;
    }
    return true;
  }

  private async approve(id: string): Promise<void> {
    const body = { replyLetterNo: `粤工信函〔${id.slice(0, 8)}〕1号`, repliedOn: dateIn(new Date()) };
    if (await this.step('approval', 'POST', `/cases/${id}/approval`, this.s.province, body)) this.approved++;
  }

  /** Sends one step; its latency counts whatever the answer, a non-2xx ends the case. */
  private async step<T = unknown>(name: StepName, method: string, path: string, token: string, body: unknown): Promise<T | undefined> {
    const res = await this.client.send<T>(method, `${API}${path}`, { token, body });
    this.latencies.get(name)!.push(res.ms);
    if (res.status >= 200 && res.status < 300) return res.body;
    const error = (res.body as { error?: string } | undefined)?.error ?? '';
    const key = `${name} ${res.status} ${error}`;
    this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
    return undefined;
  }

  /** Hands parked cases whose publicity has ended (stage approval) back to the lanes. */
  private async poll(): Promise<void> {
    const listPath = `${API}/cases?programId=${encodeURIComponent(this.s.programId)}&stage=approval&limit=200`;
    while (!this.lanesDone) {
      if (this.parked.size > 0) {
        this.polls++;
        const res = await this.client.send<{ items: { id: string }[] }>('GET', listPath, { token: this.s.province });
        for (const item of res.status === 200 ? res.body.items : []) {
          if (this.parked.delete(item.id)) this.ready.push(item.id);
        }
        for (const [id, since] of this.parked) {
          if (Date.now() - since < PUBLICITY_TIMEOUT_MS) continue;
          this.parked.delete(id);
          this.failures.set('publicity did not end within 60 s', (this.failures.get('publicity did not end within 60 s') ?? 0) + 1);
        }
      }
      // Wake idle lanes: for new ready cases, or to finish when nothing is left.
      const waiting = this.waiters;
      this.waiters = [];
      waiting.forEach((go) => go());
      await sleep(POLL_MS);
    }
  }
}

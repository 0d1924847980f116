/**
 * The client side of bench/replicas beyond bench/http's loops:
 *  - `SpreadClient`: requests spread over several servers in turn (round robin per request, as a balancer without
 *    affinity sends them), so one applicant's consecutive saves land on different replicas;
 *  - `lagProbe`: the follower's lag from commit to read model. Save through the writer; then ask the reader's case
 *    list with `minPosition` = the save's position, which answers once the reader's read models have applied it
 *    (API.md: it waits ≤ 2 s). The lag is the time from the save's answer to the reader's answer showing the new
 *    revision — so it includes that one list request's round trip. Should the reader answer without it (the wait
 *    timed out), the probe polls the list back to back until it shows and counts the save as `late`.
 */
import type { HttpClient, JsonResponse } from '../http/http-client';
import { saveOnce } from '../http/load';
import type { LoopOptions, SaveStats } from '../http/load';
import { API } from '../http/setup';
import type { Applicant } from '../http/setup';

export class SpreadClient implements HttpClient {
  private next = 0;

  constructor(private readonly clients: HttpClient[]) {}

  private pick(): HttpClient {
    const c = this.clients[this.next % this.clients.length];
    this.next += 1;
    return c;
  }

  send<T = unknown>(method: string, path: string, opts?: Parameters<HttpClient['send']>[2]): Promise<JsonResponse<T>> {
    return this.pick().send<T>(method, path, opts);
  }

  expect<T = unknown>(status: number, method: string, path: string, opts?: Parameters<HttpClient['send']>[2]): Promise<T> {
    return this.pick().expect<T>(status, method, path, opts);
  }
}

export interface LagStats {
  /** ms from the save's answer (writer) to the reader's answer showing it. */
  latencies: number[];
  /** Saves the reader did not show when its minPosition wait ended (then found by polling). */
  late: number;
  /** Saves not shown on the reader within 5 s at all. */
  lost: number;
}

export const newLagStats = (): LagStats => ({ latencies: [], late: 0, lost: 0 });

const GIVE_UP_MS = 5000;

type ListBody = { items: { id: string; revision: number }[] };

export async function lagProbe(o: LoopOptions, reader: HttpClient, a: Applicant, programId: string, stats: SaveStats, lag: LagStats, until: number): Promise<void> {
  const list = `${API}/cases?programId=${encodeURIComponent(programId)}&limit=50`;
  const shows = (res: JsonResponse<ListBody> | undefined, revision: number): boolean =>
    res?.status === 200 && res.body.items.some((i) => i.id === a.caseId && i.revision >= revision);
  while (Date.now() < until) {
    const saved = await saveOnce(o, a, stats, false);
    if (!saved) continue;
    const acked = process.hrtime.bigint();
    const elapsed = (): number => Number(process.hrtime.bigint() - acked) / 1e6;
    const waited = await reader.send<ListBody>('GET', `${list}&minPosition=${saved.ack.position}`, { token: a.token }).catch(() => undefined);
    if (shows(waited, saved.ack.revision)) {
      lag.latencies.push(elapsed());
      continue;
    }
    lag.late += 1;
    for (;;) {
      const res = await reader.send<ListBody>('GET', list, { token: a.token }).catch(() => undefined);
      if (shows(res, saved.ack.revision)) {
        lag.latencies.push(elapsed());
        break;
      }
      if (elapsed() > GIVE_UP_MS) {
        lag.lost += 1;
        break;
      }
    }
  }
}

/**
 * ISO 8601 durations of a workflow definition as people read them, in the words of the version editor: `P6M` →
 * 6 个月 / 6 months; `P10D` counted in working days → 10 个工作日 / 10 working days, in calendar days → 10 天 / 10 days
 * (the domain's time limits, publicity periods and reminder offsets say which; the report cadence and grace are
 * always calendar time). Every component the definitions accept (`P[nY][nM][nW][nD][T[nH][nM][nS]]`) is named; a text
 * that is not such a duration is shown as it is rather than guessed at.
 */
export type DayUnit = 'calendar' | 'working';
type Lang = 'zh' | 'en';

const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

type Part = 'years' | 'months' | 'weeks' | 'days' | 'workingDays' | 'hours' | 'minutes' | 'seconds';

const ZH: Record<Part, string> = {
  years: '年',
  months: '个月',
  weeks: '周',
  days: '天',
  workingDays: '个工作日',
  hours: '小时',
  minutes: '分钟',
  seconds: '秒',
};

const EN: Record<Part, [string, string]> = {
  years: ['year', 'years'],
  months: ['month', 'months'],
  weeks: ['week', 'weeks'],
  days: ['day', 'days'],
  workingDays: ['working day', 'working days'],
  hours: ['hour', 'hours'],
  minutes: ['minute', 'minutes'],
  seconds: ['second', 'seconds'],
};

const langOf = (language: string): Lang => (language.toLowerCase().startsWith('en') ? 'en' : 'zh');

/** `iso` in words of `language` (zh-CN, en-US); `unit` says how its days are counted (default calendar). */
export function formatDuration(iso: string, language: string, unit: DayUnit = 'calendar'): string {
  const m = PATTERN.exec(iso);
  if (!m || m.slice(1).every((g) => g === undefined) || (iso.includes('T') && m.slice(5).every((g) => g === undefined))) return iso;
  const [y, mo, w, d, h, mi, s] = m.slice(1).map((g) => (g === undefined ? undefined : Number(g)));
  const parts: [Part, number | undefined][] = [
    ['years', y],
    ['months', mo],
    ['weeks', w],
    [unit === 'working' ? 'workingDays' : 'days', d],
    ['hours', h],
    ['minutes', mi],
    ['seconds', s],
  ];
  const lang = langOf(language);
  const words = parts
    .filter((p): p is [Part, number] => p[1] !== undefined)
    .map(([part, n]) => (lang === 'zh' ? `${n} ${ZH[part]}` : `${n} ${EN[part][n === 1 ? 0 : 1]}`));
  return words.join(lang === 'zh' ? ' ' : ', ');
}

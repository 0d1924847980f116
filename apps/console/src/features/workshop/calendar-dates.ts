/** The calendar form's date lists: typed one per line or comma-separated; checked before they are sent. */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseDates(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\s,，、;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** What is wrong with a list for `year`: the entries not dates, else those outside the year; null when fine. */
export function datesProblem(dates: string[], year: number): { rule: 'dateRule' | 'yearRule'; bad: string } | null {
  const notDates = dates.filter((d) => !isDate(d));
  if (notDates.length > 0) return { rule: 'dateRule', bad: notDates.join(', ') };
  const outside = dates.filter((d) => !d.startsWith(`${year}-`));
  if (outside.length > 0) return { rule: 'yearRule', bad: outside.join(', ') };
  return null;
}

/** Dates as a person in the workflow's zone reads them (the program runs on China Standard Time). */
export function formatAt(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(iso));
}

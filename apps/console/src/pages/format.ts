/** Dates as a person in the workflow's zone reads them (the program runs on China Standard Time). */
export function formatAt(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(iso));
}

/**
 * Who did a step of a case's history, as the API lets the reader know it: the account's display name; the engine's
 * own timers (`system`) as such; an actor whose identity is withheld (another expert) by its role only (empty).
 */
export function actorLabel(actor: { id: string; name?: string }, words: { system: string }): string {
  if (actor.name) return actor.name;
  if (actor.id === 'system') return words.system;
  return actor.id;
}

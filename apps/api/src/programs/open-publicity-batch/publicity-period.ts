/**
 * When a publicity batch runs (API.md `POST /programs/:id/publicity-batches`): a batch whose `startsOn` is today
 * (in the workflow's time zone) starts at the moment it is created, a later date at 00:00 that day; it ends
 * `duration` later — calendar time or official working days — defaulting to the workflow's publicity length.
 */
import { DomainError, isValidDate } from '@shenbao/domain';
import type { FieldError } from '@shenbao/domain';
import { addDuration, provisionalYearsBetween } from '@shenbao/scheduling';
import { dateIn } from '@shenbao/domain';
import { parseIsoDuration } from '@shenbao/workflows';
import type { DurationSpec, DurationUnit, WorkflowDefinition } from '@shenbao/workflows';

export interface PublicityRequest {
  startsOn: string;
  duration?: string;
  unit?: DurationUnit;
}

export interface PublicityPeriod {
  startsAt: string;
  endsAt: string;
}

/** Milliseconds the zone is ahead of UTC at an instant. */
function zoneOffset(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return local - Math.floor(at.getTime() / 1000) * 1000;
}

/** 00:00 of a calendar date in a time zone. */
export function startOfDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const utcMidnight = Date.UTC(y, m - 1, d);
  // Two rounds settle the offset even when it differs between UTC midnight and local midnight (DST zones).
  let t = utcMidnight - zoneOffset(new Date(utcMidnight), timeZone);
  t = utcMidnight - zoneOffset(new Date(t), timeZone);
  return new Date(t);
}

/**
 * The provisional years a working-day period was counted over (empty for calendar time or official years). The end
 * stays as announced (it is on the public notice); the caller is told, so it can wait for the official arrangement.
 */
export function publicityProvisionalYears(req: PublicityRequest, def: WorkflowDefinition, period: PublicityPeriod): number[] {
  if ((req.unit ?? def.publicity.unit) !== 'working') return [];
  return provisionalYearsBetween(new Date(period.startsAt), new Date(period.endsAt), def.timeZone);
}

export function publicityPeriod(req: PublicityRequest, def: WorkflowDefinition, now: Date): PublicityPeriod {
  const tz = def.timeZone;
  const errors: FieldError[] = [];
  const today = dateIn(now, tz);
  if (!isValidDate(req.startsOn)) errors.push({ field: 'startsOn', messages: ['must be a date YYYY-MM-DD'] });
  else if (req.startsOn < today) errors.push({ field: 'startsOn', messages: [`must not be before today (${today})`] });
  if (req.duration !== undefined && !parseIsoDuration(req.duration)) {
    errors.push({ field: 'duration', messages: ['must be an ISO 8601 duration such as P7D'] });
  }
  if (errors.length > 0) throw DomainError.validation(errors);

  const spec: DurationSpec = { duration: req.duration ?? def.publicity.duration, unit: req.unit ?? def.publicity.unit };
  const start = req.startsOn === today ? now : startOfDay(req.startsOn, tz);
  let end: Date;
  try {
    end = addDuration(start, spec, tz);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw DomainError.validation([{ field: 'duration', messages: [e.message] }]);
  }
  if (end.getTime() <= start.getTime()) throw DomainError.validation([{ field: 'duration', messages: ['must be longer than zero'] }]);
  return { startsAt: start.toISOString(), endsAt: end.toISOString() };
}

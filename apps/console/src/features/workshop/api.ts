/**
 * The workshop's API bodies (named from the generated OpenAPI types) and the mapping of a `VALIDATION_FAILED`
 * answer onto an Ant Design form: each field the API names shows its message at that field; what no field of the
 * form matches is returned to show above the buttons.
 */
import type { FormInstance } from 'antd';
import { ApiError, authHeaders, describeApiError, expireOn401 } from '../../api/client';
import type { ErrorBody } from '../../api/client';
import type { components } from '../../api/schema';

type Schemas = components['schemas'];
export type UserView = Schemas['UserView'];
export type Role = UserView['role'];
export type Expert = Schemas['Expert'];
export type CalendarYear = Schemas['CalendarYearResponse'];
export type WorkflowSummary = Schemas['WorkflowSummary'];
export type WorkflowDefinition = Schemas['WorkflowDefinition'];
/** `ProgramViewDoc` with the shapes its document leaves open (DOMAIN.md: regions, tasks, quota, window). */
export type Program = Omit<Schemas['ProgramViewDoc'], 'workflow' | 'regions' | 'tasks' | 'quota' | 'window' | 'cities' | 'approvals'> & {
  workflow: { key: string; version: number };
  regions: { cityCode: string; name: string; limit: number; districts: { code: string; name: string }[] }[];
  tasks: { code: string; name: string }[];
  quota: { min: number; max: number };
  window: { opensOn: string; closesOn: string };
  cities: { cityCode: string; recommended: number }[];
  approvals: { granted: number };
};
export const ROLES: Role[] = ['admin', 'province', 'city', 'applicant', 'expert'];

interface Detail {
  field?: string;
  messages?: string[];
  message?: string;
}

/** The API's field path ("definition.panel.size", "regions[0].limit", "rubric.1.max") as a form name path. */
export function namePath(field: string, strip: string[] = []): (string | number)[] {
  const parts = field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  while (parts.length > 0 && strip.includes(String(parts[0]))) parts.shift();
  return parts;
}

/**
 * Puts the API's field messages on the form's fields; returns the lines that no registered field took (or the
 * error's message when it named no field). `strip` drops leading path parts the form does not have ("definition").
 */
export function showApiErrors(form: FormInstance, error: unknown, strip: string[] = []): string[] {
  if (!(error instanceof ApiError)) return [error instanceof Error ? error.message : String(error)];
  const details = Array.isArray(error.body?.details) ? (error.body.details as Detail[]) : [];
  const named = details.filter((d) => typeof d.field === 'string');
  if (named.length === 0) return [describeApiError(error)];
  const rest: string[] = [];
  const fields: { name: (string | number)[]; errors: string[] }[] = [];
  for (const d of named) {
    const messages = d.messages ?? [d.message ?? ''];
    const name = namePath(d.field!, strip);
    const known = name.length > 0 && form.getFieldInstance(name) !== undefined;
    if (known) fields.push({ name, errors: messages });
    else rest.push(`${d.field}: ${messages.join('; ')}`);
  }
  form.setFields(fields);
  return rest;
}

/**
 * A text answer (the Mermaid diagram) with the session's token; with a body, POSTed as JSON (the diagram of an
 * unpublished definition). ApiError on a non-2xx answer.
 */
export async function callText(path: string, body?: unknown): Promise<string> {
  const init: RequestInit =
    body === undefined
      ? { headers: authHeaders() }
      : { method: 'POST', headers: { ...authHeaders(), 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(`/api/v1${path}`, init);
  const text = await res.text();
  if (!res.ok) {
    expireOn401(res.status);
    let body: ErrorBody | null = null;
    try {
      body = JSON.parse(text) as ErrorBody;
    } catch {
      // not the project's error body
    }
    throw new ApiError(res.status, body);
  }
  return text;
}

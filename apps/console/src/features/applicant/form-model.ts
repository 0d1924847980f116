/**
 * The 申报书 form's values are the API's save-application body itself (`ApplicationDoc`), so an API field path such
 * as `keyProjects[2].content` names a form field directly. This module fills a blank form, turns the form's values
 * back into a complete body (every key the API requires, blanks as empty strings), and parses field paths.
 */
import type { Schemas } from '../../api/client';

export type ApplicationDoc = Schemas['ApplicationDoc'];
export type KeyProject = Schemas['KeyProjectDoc'];
export type WorkItem = Schemas['WorkItemDoc'];
export type Enterprise = Schemas['EnterpriseDoc'];
export type CustomTask = Schemas['CustomTaskDoc'];

/** What the form may hold while a person types: any field may still be missing. */
export type DraftValues = {
  cover?: { unitName?: string; address?: string; head?: Partial<ApplicationDoc['cover']['head']>; contact?: Partial<ApplicationDoc['cover']['contact']> };
  basicSituation?: string;
  currentStatus?: string;
  plan?: {
    taskStatus?: string;
    approach?: string;
    selectedTasks?: string[];
    customTasks?: Partial<CustomTask>[];
    targets?: { overall?: string; perTask?: Record<string, string | undefined> };
    workItems?: Partial<WorkItem>[];
    policyMeasures?: string;
  };
  enterprises?: Partial<Enterprise>[];
  keyProjects?: Partial<KeyProject>[];
};

export const blankKeyProject = (seq: number): KeyProject => ({
  seq,
  name: '',
  undertakingUnit: '',
  content: '',
  totalInvestment: 0,
  periodStart: '',
  periodEnd: '',
  expectedResults: '',
});

/** A blank form; the unit name is the case's own (the API knows it from the case). */
export function blankApplication(unitName: string): ApplicationDoc {
  return {
    cover: { unitName, address: '', head: { name: '', mobile: '' }, contact: { name: '', mobile: '', fax: '', email: '' } },
    basicSituation: '',
    currentStatus: '',
    plan: {
      taskStatus: '',
      approach: '',
      selectedTasks: [],
      customTasks: [],
      targets: { overall: '', perTask: {} },
      workItems: [],
      policyMeasures: '',
    },
    enterprises: [],
    keyProjects: [],
  };
}

const s = (v: string | undefined | null): string => v ?? '';
/** Optional text: absent when blank, so a draft never sends `""` for a field the API treats as "not given". */
const optional = <K extends string>(key: K, v: string | undefined | null): Partial<Record<K, string>> => (v ? ({ [key]: v } as Record<K, string>) : {});

/**
 * The body of `PUT /cases/:id/application` from the form's values. Key projects are numbered 1…n in table order
 * (序号); targets are kept for the chosen tasks only, as the paper form has one target line per chosen task.
 */
export function toBody(v: DraftValues): ApplicationDoc {
  const plan = v.plan ?? {};
  const selectedTasks = [...(plan.selectedTasks ?? [])];
  const perTask = Object.fromEntries(selectedTasks.map((code) => [code, s(plan.targets?.perTask?.[code])]));
  const contact = v.cover?.contact ?? {};
  return {
    cover: {
      unitName: s(v.cover?.unitName),
      address: s(v.cover?.address),
      head: { name: s(v.cover?.head?.name), mobile: s(v.cover?.head?.mobile) },
      contact: { name: s(contact.name), mobile: s(contact.mobile), ...optional('fax', contact.fax), email: s(contact.email) },
    },
    basicSituation: s(v.basicSituation),
    currentStatus: s(v.currentStatus),
    plan: {
      taskStatus: s(plan.taskStatus),
      approach: s(plan.approach),
      selectedTasks,
      customTasks: (plan.customTasks ?? []).map((t) => ({ title: s(t?.title), description: s(t?.description) })),
      targets: { overall: s(plan.targets?.overall), perTask },
      workItems: (plan.workItems ?? []).map((w) => ({ title: s(w?.title), due: s(w?.due), responsibleUnit: s(w?.responsibleUnit) })),
      policyMeasures: s(plan.policyMeasures),
    },
    enterprises: (v.enterprises ?? []).map((e) => ({
      name: s(e?.name),
      enteredOn: s(e?.enteredOn),
      field: s(e?.field),
      products: s(e?.products),
      ...optional('innovation', e?.innovation),
      ...optional('standing', e?.standing),
      ...optional('economicResults', e?.economicResults),
    })),
    keyProjects: (v.keyProjects ?? []).map((p, i) => ({
      seq: i + 1,
      name: s(p?.name),
      undertakingUnit: s(p?.undertakingUnit),
      content: s(p?.content),
      // A cleared amount is 0 万元 in the draft: the API requires a number, and the table shows the 0 it saves.
      totalInvestment: typeof p?.totalInvestment === 'number' ? p.totalInvestment : 0,
      periodStart: s(p?.periodStart),
      periodEnd: s(p?.periodEnd),
      expectedResults: s(p?.expectedResults),
      ...(typeof p?.expectedRevenue === 'number' ? { expectedRevenue: p.expectedRevenue } : {}),
      ...optional('remarks', p?.remarks),
    })),
  };
}

/** The form's values for a saved application (the API's copy), blanks filled in. */
export function fromSaved(saved: unknown, unitName: string): ApplicationDoc {
  if (typeof saved !== 'object' || saved === null) return blankApplication(unitName);
  return toBody(saved as DraftValues);
}

/**
 * `keyProjects[2].content` → `['keyProjects', 2, 'content']`; `plan.targets.perTask.T1` and
 * `plan.targets.perTask["odd key"]` name the map's key. A leading `application.` (the body's own name) is dropped.
 */
export function namePath(field: string): (string | number)[] {
  const path: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const m of field.matchAll(re)) {
    if (m[1] !== undefined) path.push(m[1]);
    else if (m[2] !== undefined) path.push(Number(m[2]));
    else path.push(JSON.parse(m[3]!) as string);
  }
  return path[0] === 'application' ? path.slice(1) : path;
}

/** The paths to the leaves of a changed-values object (as antd's onValuesChange reports them; holes skipped). */
export function leafPaths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.flatMap((item, i) => leafPaths(item, [...prefix, i]));
  if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, item]) => leafPaths(item, [...prefix, k]));
  return prefix.length > 0 ? [prefix] : [];
}

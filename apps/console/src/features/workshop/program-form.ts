/** The new-program form's values from a program (the seeded one prefills it) and the body of `POST /programs`. */
import type { Program } from './api';

export interface District {
  code: string;
  name: string;
}
export interface Region {
  cityCode: string;
  name: string;
  limit: number;
  districts: District[];
}

export interface ProgramValues {
  key: string;
  name: string;
  workflow: string;
  regions: { cityCode: string; name: string; limit: number; districts: string[] }[];
  tasks: { code: string; name: string }[];
  minTasks: number;
  quota: { min: number; max: number };
  window: { opensOn: string; closesOn: string };
  targetDate: string;
}

const DISTRICT = /^(\d{6})\s+(.+)$/;
/** "440106 天河区" ↔ {code, name}. */
export const districtText = (d: District): string => `${d.code} ${d.name}`;
export function parseDistrict(text: string): District | null {
  const m = DISTRICT.exec(text.trim());
  return m ? { code: m[1]!, name: m[2]!.trim() } : null;
}
export const workflowRef = (w: { key: string; version: number }): string => `${w.key}@${w.version}`;

export function programToForm(p: Program): ProgramValues {
  return {
    key: '',
    name: p.name,
    workflow: workflowRef(p.workflow),
    regions: p.regions.map((r) => ({ cityCode: r.cityCode, name: r.name, limit: r.limit, districts: (r.districts ?? []).map(districtText) })),
    tasks: p.tasks.map((t) => ({ code: t.code, name: t.name })),
    minTasks: p.minTasks,
    quota: { ...p.quota },
    window: { ...p.window },
    targetDate: p.targetDate,
  };
}

export function programBody(v: ProgramValues): Record<string, unknown> {
  const at = v.workflow.lastIndexOf('@');
  return {
    key: v.key.trim(),
    name: v.name.trim(),
    workflow: { key: v.workflow.slice(0, at), version: Number(v.workflow.slice(at + 1)) },
    regions: v.regions.map((r) => ({ cityCode: r.cityCode.trim(), name: r.name.trim(), limit: r.limit, districts: r.districts.map(parseDistrict).filter(Boolean) })),
    tasks: v.tasks.map((t) => ({ code: t.code.trim(), name: t.name.trim() })),
    minTasks: v.minTasks,
    quota: v.quota,
    window: v.window,
    targetDate: v.targetDate,
  };
}

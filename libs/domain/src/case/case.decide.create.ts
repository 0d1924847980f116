/** Deciding the creation of a case (not an action on an existing case, so not an actions/ module). */
import { DomainError } from '../errors';
import type { ProgramEvent } from '../program/program.events';
import { openCityLevelCase, regionOf } from '../program/program.queries';
import type { ProgramState } from '../program/program.state';
import type { Actor } from '../shared/actor';
import type { CreateCase } from './case.commands';
import type { ApplicantParty, Party } from './case.events';
import { allowedActions, type CaseDecideContext } from './case.guards';
import { Input, type CaseDecision } from './case.decide.shared';
import type { CaseFold } from './case.state';

const CODE6 = /^\d{6}$/;

function checkPartyShape(input: Input, field: string, p: Party | undefined, withLevel: boolean): void {
  if (typeof p !== 'object' || p === null) {
    input.check(false, field, 'must be an object');
    return;
  }
  if (withLevel) input.check((p as ApplicantParty).level === 'district' || (p as ApplicantParty).level === 'city', `${field}.level`, 'must be district or city');
  input.check(typeof p.cityCode === 'string' && CODE6.test(p.cityCode), `${field}.cityCode`, 'must be a 6-digit code');
  if (p.districtCode !== undefined) input.check(typeof p.districtCode === 'string' && CODE6.test(p.districtCode), `${field}.districtCode`, 'must be a 6-digit code');
  input.text(`${field}.unitName`, p.unitName, 200);
}

/** Where a party sits in the program's regions; returns the breach message or null. */
function placeOf(program: ProgramState, p: Party, level: 'district' | 'city'): { rule: string; message: string } | null {
  const region = regionOf(program, p.cityCode);
  if (!region) return { rule: 'region.city', message: `City ${p.cityCode} is not a region of this program.` };
  if (level === 'city') {
    return p.districtCode === undefined ? null : { rule: 'region.cityLevel', message: 'A city-level party names no district.' };
  }
  if (region.districts.length === 0)
    return { rule: 'region.cityLevelOnly', message: `${region.name} (${region.cityCode}) has no districts: only a city-level application is possible there.` };
  if (p.districtCode === undefined) return { rule: 'region.district', message: `A district-level party in ${region.name} must name its district.` };
  if (!region.districts.some((d) => d.code === p.districtCode))
    return { rule: 'region.district', message: `District ${p.districtCode} is not a district of ${region.name} (${region.cityCode}) in this program.` };
  return null;
}

/** Applicant accounts create only for their own unit; city officers only within their city. */
function mayCreateFor(actor: Actor, a: ApplicantParty): boolean {
  if (actor.role === 'city') return actor.cityCode === a.cityCode;
  if (a.level === 'city') return actor.cityCode === a.cityCode && !actor.districtCode;
  return actor.cityCode === a.cityCode && actor.districtCode === a.districtCode;
}

export function createCase(cmd: CreateCase, state: CaseFold, ctx: CaseDecideContext): CaseDecision {
  const { actor, program } = ctx;
  if (state) {
    throw new DomainError('ILLEGAL_TRANSITION', `Case ${state.caseId} already exists.`, { stage: state.stage, allowedActions: allowedActions(state, actor, ctx) });
  }
  if (actor.role !== 'applicant' && actor.role !== 'city') throw new DomainError('FORBIDDEN', 'Only applicants and city officers create cases.');
  const { caseId, programId, applicant } = cmd.data;
  const partners = cmd.data.partners ?? [];
  if (programId !== program.programId) throw new DomainError('NOT_FOUND', `No program ${programId}.`);
  const wf = program.settings.workflow;
  if (wf.key !== ctx.definition.key || wf.version !== ctx.definition.version)
    throw new Error(`Program ${programId} runs ${wf.key}@${wf.version}, not ${ctx.definition.key}@${ctx.definition.version}`);
  const input = new Input();
  input.text('caseId', caseId, 64);
  checkPartyShape(input, 'applicant', applicant, true);
  input.check(Array.isArray(partners), 'partners', 'must be a list');
  if (Array.isArray(partners)) partners.forEach((p, i) => checkPartyShape(input, `partners[${i}]`, p, false));
  input.done();

  if (!mayCreateFor(actor, applicant)) throw new DomainError('FORBIDDEN', 'You may only create a case for your own unit (or, as a city officer, your own city).');

  const breaches: { rule: string; message: string }[] = [];
  const own = placeOf(program, applicant, applicant.level);
  if (own) breaches.push(own);
  if (applicant.level === 'city' && partners.length > 0)
    breaches.push({ rule: 'partners.cityLevel', message: 'A city-level case applies for the whole city and has no joint partners.' });
  const seen = new Set([`${applicant.cityCode}/${applicant.districtCode ?? ''}`]);
  partners.forEach((p, i) => {
    const key = `${p.cityCode}/${p.districtCode ?? ''}`;
    if (seen.has(key)) breaches.push({ rule: 'partners.duplicate', message: `partners[${i}] repeats a party of the case.` });
    seen.add(key);
    const hasDistricts = (regionOf(program, p.cityCode)?.districts.length ?? 0) > 0;
    const where = placeOf(program, p, hasDistricts ? 'district' : 'city');
    if (where) breaches.push({ rule: 'partners.region', message: `partners[${i}]: ${where.message}` });
  });
  if (applicant.level === 'city') {
    const open = openCityLevelCase(program, applicant.cityCode);
    if (open) breaches.push({ rule: 'cityLevel.open', message: `City ${applicant.cityCode} already has an open city-level case (${open}) in this program.` });
  }
  if (breaches.length > 0) throw DomainError.rules(breaches);

  const cleanApplicant: ApplicantParty = { level: applicant.level, cityCode: applicant.cityCode, unitName: applicant.unitName.trim() };
  if (applicant.districtCode !== undefined) cleanApplicant.districtCode = applicant.districtCode;
  const cleanPartners: Party[] = partners.map((p) => ({ cityCode: p.cityCode, ...(p.districtCode !== undefined ? { districtCode: p.districtCode } : {}), unitName: p.unitName.trim() }));
  const cities = [...new Set([applicant.cityCode, ...partners.map((p) => p.cityCode)])];
  const registered: ProgramEvent = {
    type: 'CaseRegistered',
    data: { caseId, level: applicant.level, cityCode: applicant.cityCode, ...(applicant.districtCode !== undefined ? { districtCode: applicant.districtCode } : {}), cities },
  };
  return {
    caseEvents: [{ type: 'CaseCreated', data: { caseId, programId, workflow: { ...program.settings.workflow }, applicant: cleanApplicant, partners: cleanPartners, cities, createdBy: actor.userId } }],
    programEvents: [registered],
  };
}


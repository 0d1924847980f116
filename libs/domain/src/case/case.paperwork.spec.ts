/**
 * The program's paperwork (API.md "Additions"): with `sealedApplicationBeforeSubmit` the applicant submits only with
 * the sealed 申报书 scan attached; with `recommendationLetterScan` a city recommends only with its own sealed 推荐函
 * scan attached; 422 RULE_VIOLATION naming the document. A program without `paperwork` asks for neither.
 */
import { completeApplication } from '../rules/application.fixture';
import { GD_BDPZ_2019_PROGRAM } from '../program/program.seed';
import type { ProgramEvent } from '../program/program.events';
import type { CaseCommand } from './case.commands';
import type { CaseEvent } from './case.events';
import { actors, created, given, PROGRAM_ID, programCreated, scanned } from './case.spec-helpers';

const submit: CaseCommand = { type: 'SubmitCase', data: {} };
const recommend: CaseCommand = { type: 'IssueRecommendation', data: { letterNo: '穗工信函〔2019〕7号', issuedOn: '2019-03-15', statement: '同意推荐' } };
const saved = { type: 'ApplicationSaved', data: { application: completeApplication() } } as CaseEvent;
const submitted = { type: 'CaseSubmitted', data: { cities: ['440100'] } } as CaseEvent;
const auditPassed = { type: 'CityAuditPassed', data: { cityCode: '440100', comment: '' } } as CaseEvent;
/** The same history on a program created without `paperwork`. */
const withoutPaperwork = (history: (CaseEvent | ProgramEvent)[]) => {
  const { paperwork: _none, ...settings } = GD_BDPZ_2019_PROGRAM;
  return history.map((e) => (e === programCreated ? ({ type: 'ProgramCreated', data: { programId: PROGRAM_ID, ...settings } } as ProgramEvent) : e));
};

describe('paperwork', () => {
  it('the seeded program asks for both scans and five paper copies', () => {
    expect(GD_BDPZ_2019_PROGRAM.paperwork).toEqual({ sealedApplicationBeforeSubmit: true, recommendationLetterScan: true, paperCopies: 5 });
  });

  it('refuses to submit without the sealed application scan, naming the document; submits once it is attached', () => {
    const err = given(...created, saved).when(submit, actors.tianhe).thenError('RULE_VIOLATION');
    expect(err.details).toEqual([{ rule: 'paperwork.sealedApplication', message: expect.stringContaining('sealedApplication') }]);
    expect(err.message).toContain('申报书');
    // Evidence is not the sealed application.
    const evidence = { ...scanned('sealedApplication'), data: { ...(scanned('sealedApplication').data as object), kind: 'evidence' } } as CaseEvent;
    given(...created, saved, evidence).when(submit, actors.tianhe).thenError('RULE_VIOLATION');
    given(...created, saved, scanned('sealedApplication')).when(submit, actors.tianhe).decision();
  });

  it('refuses to recommend without the city’s own sealed letter scan, naming the document', () => {
    const inRec = [...created, saved, scanned('sealedApplication'), submitted, auditPassed];
    const err = given(...inRec).when(recommend, actors.guangzhou).thenError('RULE_VIOLATION');
    expect(err.details).toEqual([{ rule: 'paperwork.recommendationLetter', message: expect.stringContaining('推荐函') }]);
    // Another city's letter is not Guangzhou's.
    given(...inRec, scanned('recommendationLetter', '440300')).when(recommend, actors.guangzhou).thenError('RULE_VIOLATION');
    given(...inRec, scanned('recommendationLetter', '440100')).when(recommend, actors.guangzhou).decision();
  });

  it('asks for nothing when the program has no paperwork settings', () => {
    given(...withoutPaperwork([...created, saved])).when(submit, actors.tianhe).decision();
    given(...withoutPaperwork([...created, saved, submitted, auditPassed])).when(recommend, actors.guangzhou).decision();
  });
});

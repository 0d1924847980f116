import { given, inMonitoring, inCultivation, inPublicity, awaitingPublicity, inSiteVisit, inDefense, allScored, inExpertReview, inRecommendation, inCityAudit, drafted } from './case.spec-helpers';

describe('spec fixtures', () => {
  it.each([
    ['drafted', drafted, 'draft', undefined],
    ['inCityAudit', inCityAudit, 'cityAudit', undefined],
    ['inRecommendation', inRecommendation, 'recommendation', undefined],
    ['inExpertReview', inExpertReview, 'expertReview', 'forming'],
    ['allScored', allScored, 'expertReview', 'scoring'],
    ['inDefense', inDefense, 'defense', 'scheduling'],
    ['inSiteVisit', inSiteVisit, 'siteVisit', 'scheduling'],
    ['awaitingPublicity', awaitingPublicity, 'publicity', 'awaiting'],
    ['inPublicity', inPublicity, 'publicity', 'open'],
    ['inMonitoring', inMonitoring, 'progressEvaluation', 'monitoring'],
    ['inCultivation', inCultivation, 'cultivation', undefined],
  ] as const)('%s folds to its stage', (_n, history, stage, substate) => {
    const s = given(...history).caseState!;
    expect([s.stage, s.substate]).toEqual([stage, substate]);
  });
});

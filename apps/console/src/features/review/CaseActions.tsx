/**
 * The case's actions for the signed-in user, from its `allowedActions` only: each opens its own form. The
 * applicant's actions (填写申报书, 提交, 撤回, 提交进展报告) are answered by features/applicant (ApplicantActions).
 */
import { useState } from 'react';
import type { ComponentType } from 'react';
import { Button, Card, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../api/types';
import type { ActionFormProps } from './ActionModal';
import { ApplicantActions, APPLICANT_ACTIONS } from '../applicant/ApplicantActions';
import { CityAuditForm, RecommendationForm } from './forms/CityForms';
import { EvaluationForm } from './forms/EvaluationForm';
import { PaperCopiesForm } from './forms/PaperCopiesForm';
import { ConcludeForm, PanelForm } from './forms/PanelForms';
import { ApprovalForm, ObjectionForm, ResolutionForm } from './forms/PublicityForms';
import { ScoresForm } from './forms/ScoresForm';
import { DefenseResultForm, ScheduleDefenseForm, ScheduleSiteVisitForm, SiteVisitResultForm } from './forms/SelectionForms';
import { TEXT_ACTIONS, TextActionForm } from './forms/TextActionForm';
import type { TextAction } from './forms/TextActionForm';

type Action = CaseDetail['allowedActions'][number];

const textForm = (action: TextAction): ComponentType<ActionFormProps> =>
  function TextForm(p: ActionFormProps) {
    return <TextActionForm {...p} action={action} />;
  };

const FORMS: Partial<Record<Action, ComponentType<ActionFormProps>>> = {
  'city-audit': CityAuditForm,
  recommendation: RecommendationForm,
  scores: ScoresForm,
  panel: PanelForm,
  'expert-review/conclude': ConcludeForm,
  defense: ScheduleDefenseForm,
  'defense/result': DefenseResultForm,
  'site-visit': ScheduleSiteVisitForm,
  'site-visit/result': SiteVisitResultForm,
  objections: ObjectionForm,
  'objections/:objectionId/resolution': ResolutionForm,
  approval: ApprovalForm,
  evaluations: EvaluationForm,
  'paper-copies': PaperCopiesForm,
  ...Object.fromEntries(TEXT_ACTIONS.map((a) => [a, textForm(a)])),
};

const formOf = (a: Action): ComponentType<ActionFormProps> | undefined => FORMS[a];
const isApplicants = (a: Action): boolean => APPLICANT_ACTIONS.has(a);
/** What the main action of a stage is, to stand out. */
const PRIMARY = new Set<Action>(['city-audit', 'recommendation', 'scores', 'panel', 'expert-review/conclude', 'approval', 'application', 'progress-reports']);

export function CaseActions({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const [acting, setActing] = useState<Action | null>(null);
  const offered = c.allowedActions.filter((a) => formOf(a) || isApplicants(a));
  const Form = acting ? formOf(acting) : undefined;
  return (
    <Card title={t('case.actions')} size="small" role="region" aria-label={t('case.actions')} extra={<Link to="/inbox">{t('review.backToInbox')}</Link>}>
      {offered.length === 0 ? (
        <Typography.Text type="secondary">{t('case.noActions')}</Typography.Text>
      ) : (
        <Space wrap>
          {offered.map((a) => (
            <Button key={a} type={PRIMARY.has(a) ? 'primary' : 'default'} onClick={() => setActing(a)}>
              {/* `:` would be read as a namespace separator (objections/:objectionId/resolution) */}
              {t(`actions.${a}`, { defaultValue: a, nsSeparator: false })}
            </Button>
          ))}
        </Space>
      )}
      {Form && <Form c={c} onClose={() => setActing(null)} />}
      <ApplicantActions c={c} acting={acting && isApplicants(acting) ? acting : null} onClose={() => setActing(null)} />
    </Card>
  );
}

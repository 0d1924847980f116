/**
 * The case's actions for the signed-in user, from its `allowedActions` only: each opens its own form. The
 * applicant's actions are a link to the 申报书 editor or whatever applicant-slot.ts registers.
 */
import { useState } from 'react';
import type { ComponentType } from 'react';
import { Button, Card, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../api/types';
import type { ActionFormProps } from './ActionModal';
import { applicantForms, LINKED_APPLICANT_ACTIONS } from './applicant-slot';
import { CityAuditForm, RecommendationForm } from './forms/CityForms';
import { EvaluationForm } from './forms/EvaluationForm';
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
  ...Object.fromEntries(TEXT_ACTIONS.map((a) => [a, textForm(a)])),
};

const formOf = (a: Action): ComponentType<ActionFormProps> | undefined => FORMS[a] ?? applicantForms[a as keyof typeof applicantForms];
/** What the main action of a stage is, to stand out. */
const PRIMARY = new Set<Action>(['city-audit', 'recommendation', 'scores', 'panel', 'expert-review/conclude', 'approval']);

export function CaseActions({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const [acting, setActing] = useState<Action | null>(null);
  const linked = c.allowedActions.filter((a) => (LINKED_APPLICANT_ACTIONS as readonly string[]).includes(a));
  const withForm = c.allowedActions.filter((a) => formOf(a));
  const Form = acting ? formOf(acting) : undefined;
  return (
    <Card title={t('case.actions')} size="small" role="region" aria-label={t('case.actions')} extra={<Link to="/inbox">{t('review.backToInbox')}</Link>}>
      {linked.length + withForm.length === 0 ? (
        <Typography.Text type="secondary">{t('case.noActions')}</Typography.Text>
      ) : (
        <Space wrap>
          {linked.length > 0 && (
            <Link to={`/cases/${encodeURIComponent(c.id)}/application`}>
              {t('review.applicant.open')}
            </Link>
          )}
          {withForm.map((a) => (
            <Button key={a} type={PRIMARY.has(a) ? 'primary' : 'default'} onClick={() => setActing(a)}>
              {/* `:` would be read as a namespace separator (objections/:objectionId/resolution) */}
              {t(`actions.${a}`, { defaultValue: a, nsSeparator: false })}
            </Button>
          ))}
        </Space>
      )}
      {Form && <Form c={c} onClose={() => setActing(null)} />}
    </Card>
  );
}

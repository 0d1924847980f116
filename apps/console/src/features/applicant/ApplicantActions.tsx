/**
 * The applicant's actions on the case page (each offered only when the case's `allowedActions` has it): 填写申报书
 * and 提交进展报告 open their pages, 提交 checks completeness with the domain's rules then confirms, 撤回 asks for a
 * reason. A case returned for revision shows the city's comment here.
 */
import { Alert, Modal, Typography } from 'antd';
import { Link, Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../api/types';
import { describeField } from './describe';
import { fromSaved } from './form-model';
import { missingItems } from './missing';
import { taskNamer, useProgram } from './program';
import { ReturnedNotice } from './ReturnedNotice';
import { SubmitDialog } from './SubmitDialog';
import { WithdrawDialog } from './WithdrawDialog';

/** The case actions this feature answers on the case page. */
export const APPLICANT_ACTIONS = new Set(['application', 'submit', 'withdraw', 'progress-reports']);

export function ApplicantActions({ c, acting, onClose }: { c: CaseDetail; acting: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const path = `/cases/${encodeURIComponent(c.id)}`;
  return (
    <>
      <ReturnedNotice c={c} />
      {/* Beside the action buttons (or the "no actions" line), apart from them. */}
      {!c.allowedActions.includes('application') && c.application && (
        <Link to={`${path}/application`} style={{ marginInlineStart: 12 }}>
          {t('appl.editor.view')}
        </Link>
      )}
      {acting === 'application' && <Navigate to={`${path}/application`} />}
      {acting === 'progress-reports' && <Navigate to={`${path}/progress-report`} />}
      {acting === 'submit' && <CaseSubmit c={c} onClose={onClose} />}
      {acting === 'withdraw' && <WithdrawDialog c={c} onClose={onClose} />}
    </>
  );
}

/** Submit from the case page: the saved application must be complete, else the list of what is missing. */
function CaseSubmit({ c, onClose }: { c: CaseDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const program = useProgram(c.programId);
  if (!program.data) return null;
  const taskName = taskNamer(program.data);
  const missing = missingItems(fromSaved(c.application, c.applicant.unitName), program.data);
  if (missing.length === 0) return <SubmitDialog caseId={c.id} revision={() => c.revision} words={{ taskName, minTasks: program.data.minTasks }} onClose={onClose} onDone={onClose} />;
  return (
    <Modal open title={t('appl.submit.confirmTitle')} onCancel={onClose} onOk={onClose} cancelButtonProps={{ style: { display: 'none' } }}>
      <Alert type="warning" showIcon message={t('appl.submit.incomplete')} />
      <ul>
        {missing.slice(0, 12).map((m, i) => (
          <li key={i}>
            {describeField(m.field, t, taskName)}：{t(`appl.missing.rules.${m.rule}`, { min: program.data.minTasks, defaultValue: m.rule })}
          </li>
        ))}
      </ul>
      {missing.length > 12 && <Typography.Paragraph>… {t('appl.missing.title', { n: missing.length })}</Typography.Paragraph>}
      <Link to={`/cases/${encodeURIComponent(c.id)}/application`}>{t('appl.editor.open')}</Link>
    </Modal>
  );
}

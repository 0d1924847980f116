/**
 * Route `/cases/:id/application`: the editor for a case the caller may edit now (its `allowedActions` say so), else
 * the application as last saved, read-only.
 */
import { Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import type { CaseDetail } from '../../api/types';
import { ErrorState, Loading } from '../../pages/States';
import { ApplicationEditor } from './ApplicationEditor';
import { ApplicationView } from './ApplicationView';
import { useProgram } from './program';

export default function ApplicationEditorPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const detail = useQuery({ queryKey: ['case', id], queryFn: () => call<CaseDetail>(`/cases/${encodeURIComponent(id)}`) });
  const program = useProgram(detail.data?.programId);
  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    if (detail.error instanceof ApiError && detail.error.status === 404) return <Typography.Paragraph>{t('case.notFound')}</Typography.Paragraph>;
    return <ErrorState error={detail.error} retry={() => void detail.refetch()} />;
  }
  const c = detail.data;
  const editable = c.allowedActions.includes('application');
  if (!editable && !c.application) {
    return (
      <Typography.Paragraph>
        {t('appl.editor.noApplication')} <Link to={`/cases/${encodeURIComponent(c.id)}`}>{t('appl.editor.back')}</Link>
      </Typography.Paragraph>
    );
  }
  if (program.isPending) return <Loading />;
  if (program.isError) return <ErrorState error={program.error} retry={() => void program.refetch()} />;
  // Keyed by case: another case's editor starts from its own saved copy and revision.
  return editable ? <ApplicationEditor key={c.id} c={c} program={program.data} /> : <ApplicationView c={c} program={program.data} />;
}

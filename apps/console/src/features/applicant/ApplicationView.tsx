/** The 申报书 as last saved, read-only (the same layout as the editor, every field disabled), for stages past draft. */
import { Alert, Form, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../api/types';
import { ApplicationSections } from './ApplicationSections';
import { fromSaved } from './form-model';
import type { ProgramInfo } from './program';

export function ApplicationView({ c, program }: { c: CaseDetail; program: ProgramInfo }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ marginBottom: 0 }}>
        {t('appl.editor.title')} · {c.applicant.unitName}
      </Typography.Title>
      <Link to={`/cases/${encodeURIComponent(c.id)}`}>{t('appl.editor.back')}</Link>
      <Alert type="info" showIcon message={t('appl.editor.readOnly')} />
      <Form layout="vertical" disabled initialValues={fromSaved(c.application, c.applicant.unitName)}>
        <ApplicationSections program={program} />
      </Form>
    </Space>
  );
}

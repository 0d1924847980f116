/**
 * The case's generated documents (申报书, 重点任务（项目）表, 推荐函, 函复) as download buttons, each shown once what it
 * is made from exists on the case: a saved application, a recommendation, the approval.
 */
import { useState } from 'react';
import { App, Button, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, describeApiError } from '../api/client';
import { download } from '../api/download';
import type { CaseDetail } from '../api/types';
import { availableDocuments, documentPath, type DocKey } from './documents';

export function DocumentsCard({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<DocKey | null>(null);
  const docs = availableDocuments(c);
  const fetchDoc = async (key: DocKey) => {
    setBusy(key);
    try {
      await download(documentPath(c.id, key));
    } catch (e) {
      void message.error(e instanceof ApiError ? describeApiError(e) : String(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card title={t('documents.title')} size="small" role="region" aria-label={t('documents.title')}>
      {docs.length === 0 ? (
        <Typography.Text type="secondary">{t('documents.none')}</Typography.Text>
      ) : (
        <Space wrap>
          {docs.map((key) => (
            <Button key={key} loading={busy === key} onClick={() => void fetchDoc(key)}>
              {t(`documents.${key}`)}
            </Button>
          ))}
        </Space>
      )}
    </Card>
  );
}

/**
 * "Download the verifiable record": `GET /cases/:id/record` saved as a JSON file, for an appeal or an archive; it is
 * checked offline with `npm run verify -- record.json` (tools/verify/verify.mjs), without the server.
 */
import { useState } from 'react';
import { App, Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, call, describeApiError } from '../api/client';
import type { CaseRecord } from '../api/types';

export function DownloadRecord({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const record = await call<CaseRecord>(`/cases/${encodeURIComponent(caseId)}/record`);
      const url = URL.createObjectURL(new Blob([JSON.stringify(record)], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `case-${caseId}-record.json`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      void message.error(e instanceof ApiError ? describeApiError(e) : t('case.downloadRecordFailed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Tooltip title={t('case.downloadRecordHint')}>
      <Button size="small" loading={busy} onClick={() => void download()}>
        {t('case.downloadRecord')}
      </Button>
    </Tooltip>
  );
}

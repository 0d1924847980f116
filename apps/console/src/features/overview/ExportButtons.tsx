/**
 * 导出: the program's cases as the province files them (`GET /programs/:id/export.xlsx|.csv`) — one row per case,
 * the XLSX with its second sheet 跟踪监测 — scoped like the search (a city gets its own cases only). The file is
 * fetched with the session's token and saved under the name the API gives.
 */
import { useState } from 'react';
import { App, Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, describeApiError } from '../../api/client';
import { download } from '../../api/download';
import { useSession } from '../../session/session';

type Format = 'xlsx' | 'csv';

export function ExportButtons({ program }: { program: { id: string; name: string } }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<Format | null>(null);
  const fetchExport = async (format: Format) => {
    setBusy(format);
    try {
      await download(`/programs/${encodeURIComponent(program.id)}/export.${format}`);
    } catch (e) {
      void message.error(`${t('overview.export.failed')}${e instanceof ApiError ? describeApiError(e) : String(e)}`);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space wrap role="group" aria-label={t('overview.export.title')}>
      <Typography.Text>{t(user?.role === 'city' ? 'overview.export.cityScope' : 'overview.export.scope', { program: program.name })}</Typography.Text>
      <Button loading={busy === 'xlsx'} onClick={() => void fetchExport('xlsx')}>{t('overview.export.xlsx')}</Button>
      <Button loading={busy === 'csv'} onClick={() => void fetchExport('csv')}>{t('overview.export.csv')}</Button>
    </Space>
  );
}

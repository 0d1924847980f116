/**
 * The case's attachments (`GET /cases/:id/attachments`): each file with its kind, name, size, type, who added it and
 * when, its SHA-256 (the hash the case's history records) and a download; and an upload of the kinds the caller may
 * add now (`kindsAllowed`: the domain's rule of who adds which kind in which stage), refused files explained.
 */
import { useState } from 'react';
import { App, Button, Card, Select, Space, Table, Tooltip, Typography, Upload } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, call, describeApiError } from '../api/client';
import { download } from '../api/download';
import type { AddedAttachment, AttachmentList, CaseDetail, ListedAttachment } from '../api/types';
import { upload } from '../api/upload';
import { formatAt } from './format';
import { uploadRefusal } from './paperwork-errors';

/** 1.2 MB, 35 KB, 512 B. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

export function AttachmentsCard({ c }: { c: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const path = `/cases/${encodeURIComponent(c.id)}/attachments`;
  const list = useQuery({ queryKey: ['attachments', c.id], queryFn: () => call<AttachmentList>(path) });
  const [kind, setKind] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const allowed = list.data?.kindsAllowed ?? [];
  const chosen = kind !== undefined && allowed.includes(kind as never) ? kind : allowed[0];

  const send = async (file: File) => {
    if (!chosen) return;
    setBusy(true);
    try {
      const added = await upload<AddedAttachment>(path, { kind: chosen }, file);
      void message.success(t('attachments.added', { name: added.name }));
      // The upload is a case event: the case (its revision), its history and the list move on.
      await Promise.all(['attachments', 'case', 'history'].map((k) => queries.invalidateQueries({ queryKey: [k, c.id] })));
    } catch (e) {
      void message.error(e instanceof ApiError ? uploadRefusal(e, file.name, t) : String(e), 8);
    } finally {
      setBusy(false);
    }
  };
  const fetchFile = async (a: ListedAttachment) => {
    try {
      await download(`${path}/${encodeURIComponent(a.attachmentId)}`);
    } catch (e) {
      void message.error(e instanceof ApiError ? describeApiError(e) : String(e));
    }
  };

  return (
    <Card title={t('attachments.title')} size="small" role="region" aria-label={t('attachments.title')}>
      {/* The upload row only for a caller who may upload now; else the table alone (no empty row above it). */}
      {allowed.length > 0 && chosen && (
        <Space wrap style={{ marginBottom: 12 }}>
          <label htmlFor="attachment-kind">{t('attachments.kind')}</label>
          <Select
            id="attachment-kind"
            aria-label={t('attachments.kind')}
            value={chosen}
            onChange={setKind}
            style={{ minWidth: 240 }}
            options={allowed.map((k) => ({ value: k, label: t(`attachments.kinds.${k}`) }))}
          />
          <Upload accept=".pdf,.ofd,.jpg,.jpeg,.png" showUploadList={false} disabled={busy} beforeUpload={(file) => (void send(file), false)}>
            {/* Disabled while sending rather than `loading` (its icon's leave animation can stick after a refusal). */}
            <Button disabled={busy} aria-busy={busy}>{t('attachments.upload')}</Button>
          </Upload>
          <Typography.Text type="secondary">{t('attachments.rules')}</Typography.Text>
        </Space>
      )}
      <Table<ListedAttachment>
        size="small"
        rowKey="attachmentId"
        loading={list.isPending}
        pagination={false}
        scroll={{ x: 760 }}
        dataSource={list.data?.items ?? []}
        // The table's own placeholder colour (25 % black) fails WCAG AA contrast (axe): the text is secondary, as elsewhere.
        locale={{ emptyText: list.isError ? describeApiError(list.error as ApiError) : <Typography.Text type="secondary">{t('attachments.none')}</Typography.Text> }}
        columns={[
          { title: t('attachments.kind'), render: (_, a) => t(`attachments.kinds.${a.kind}`) },
          { title: t('attachments.name'), dataIndex: 'name' },
          { title: t('attachments.size'), render: (_, a) => formatSize(a.size) },
          { title: t('attachments.by'), render: (_, a) => `${t(`roles.${a.uploadedBy.role}`)} · ${formatAt(a.at, i18n.language)}` },
          {
            title: 'SHA-256',
            render: (_, a) => (
              <Tooltip title={a.sha256}>
                <Typography.Text code>{a.sha256.slice(0, 12)}</Typography.Text>
              </Tooltip>
            ),
          },
          {
            title: t('attachments.actions'),
            render: (_, a) => (
              <Button size="small" onClick={() => void fetchFile(a)} aria-label={t('attachments.downloadNamed', { name: a.name })}>
                {t('attachments.download')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

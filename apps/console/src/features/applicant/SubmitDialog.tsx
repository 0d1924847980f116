/**
 * 提交申报: a confirmation, then `POST /cases/:id/submit` with `If-Match`. Offered only when nothing is missing
 * (the same rules as the API's); a refusal all the same (422, 409) is shown in words, rule by rule.
 */
import { useState } from 'react';
import { Alert, App, Button, Modal, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import type { Schemas } from '../../api/client';
import { errorLines, errorTitle, type ProgramWords } from './api-errors';

export interface SubmitDialogProps {
  caseId: string;
  /** The revision to send; asked at the moment of sending (a save just before may have moved it). */
  revision: () => number;
  /** Runs first (e.g. saving unsaved edits); false stops the submit. */
  before?: () => Promise<boolean>;
  /** Names the program's tasks and minimum in a refusal. */
  words?: ProgramWords;
  onClose: () => void;
  onDone: () => void;
  /** After a REVISION_CONFLICT: reload what the page shows (default: refetch the case and close). */
  onStale?: () => void;
}

export function SubmitDialog({ caseId, revision, before, words, onClose, onDone, onStale }: SubmitDialogProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      if (before && !(await before())) return onClose();
      await call<Schemas['CaseActionResponse']>(`/cases/${encodeURIComponent(caseId)}/submit`, { method: 'POST', headers: { 'If-Match': `"${revision()}"` } });
      void message.success(t('appl.submit.done'));
      await Promise.all(['case', 'history'].map((k) => queries.invalidateQueries({ queryKey: [k, caseId] })).concat(queries.invalidateQueries({ queryKey: ['inbox'] })));
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const lines = errorLines(error, t, words);
  const stale = error instanceof ApiError && error.code === 'REVISION_CONFLICT';
  const reload = onStale ?? (() => void Promise.all(['case', 'history'].map((k) => queries.invalidateQueries({ queryKey: [k, caseId] }))).then(onClose));
  return (
    <Modal open title={t('appl.submit.confirmTitle')} onCancel={onClose} footer={null} destroyOnHidden>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {error !== null && (
          <Alert
            type="error"
            showIcon
            message={errorTitle(error, t)}
            description={lines.length > 0 ? <ul style={{ margin: 0, paddingLeft: 20 }}>{lines.map((l) => <li key={l}>{l}</li>)}</ul> : undefined}
            action={stale ? <Button onClick={reload}>{t('appl.save.reload')}</Button> : undefined}
          />
        )}
        <Typography.Paragraph>{t('appl.submit.confirm')}</Typography.Paragraph>
        <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('appl.submit.cancel')}</Button>
          {/* Disabled while sending rather than `loading`, as in the review's dialogs: the loading icon's leave
              animation can stick after a refusal, leaving the button named "loading …". */}
          <Button type="primary" disabled={busy} aria-busy={busy} onClick={() => void submit()}>
            {t('appl.submit.ok')}
          </Button>
        </Space>
      </Space>
    </Modal>
  );
}

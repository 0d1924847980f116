/**
 * 附件3 as a file, next to its table: download the table (the saved draft's, as 附件3's Excel sheet) to fill in
 * offline, and upload it filled in; a refused upload lists each problem by its row and column as Excel shows them,
 * right above the table, and nothing in the draft changes.
 */
import { useRef } from 'react';
import { Alert, Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorTitle } from './api-errors';
import { problemPlace, translateTableMessage, XLSX_MEDIA_TYPE, type TableProblem } from './key-projects-file';

export interface FileState {
  busy: 'download' | 'upload' | null;
  /** A refused upload's problems. */
  problems: TableProblem[];
  /** Any other failure (415, 413, 409, network …). */
  error: unknown;
  /** Projects imported by the last upload. */
  imported: number | null;
}

export const IDLE: FileState = { busy: null, problems: [], error: null, imported: null };

export function KeyProjectsFile({ state, onDownload, onUpload, disabled }: { state: FileState; onDownload: () => void; onUpload: (file: File) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const u = (k: string, o?: Record<string, unknown>) => t(`appl.upload.${k}`, o);
  // A plain file input behind the button (antd's Upload wraps its button in a second focusable role="button").
  const picker = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={picker}
        type="file"
        accept={`.xlsx,${XLSX_MEDIA_TYPE}`}
        style={{ display: 'none' }}
        tabIndex={-1}
        aria-hidden
        onChange={(e) => {
          const chosen = e.target.files?.[0];
          // The same file chosen again (after correcting it) must fire again.
          e.target.value = '';
          if (chosen) onUpload(chosen);
        }}
      />
      <Space orientation="vertical" size="small" style={{ width: '100%', marginBottom: 12 }}>
        <Space wrap>
          <Button onClick={onDownload} loading={state.busy === 'download'} disabled={disabled || state.busy === 'upload'}>
            {u('download')}
          </Button>
          <Button type="primary" ghost onClick={() => picker.current?.click()} loading={state.busy === 'upload'} disabled={disabled || state.busy !== null}>
            {u('upload')}
          </Button>
          <Typography.Text type="secondary">{u('hint')}</Typography.Text>
        </Space>
        {state.imported !== null && <Alert type="success" showIcon role="status" message={u('done', { n: state.imported })} />}
        {state.problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            role="alert"
            message={u('refused', { n: state.problems.length })}
            description={
              <ul aria-label={u('problems')} style={{ margin: 0, paddingLeft: 20 }}>
                {state.problems.map((p, i) => (
                  <li key={`${p.row}-${p.column}-${i}`}>
                    <Typography.Text strong>{problemPlace(p, t)}</Typography.Text>
                    {t('appl.editor.sep')}
                    {p.messages.map((m) => translateTableMessage(m, t)).join('；')}
                  </li>
                ))}
              </ul>
            }
          />
        )}
        {state.error !== null && <Alert type="error" showIcon role="alert" message={`${u('failed')}${t('appl.editor.sep')}${errorTitle(state.error, t)}`} />}
      </Space>
    </>
  );
}

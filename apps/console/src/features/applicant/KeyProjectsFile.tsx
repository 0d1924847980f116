/**
 * 附件3 as a file, next to its table: download the table (the saved draft's, as 附件3's Excel sheet) to fill in
 * offline, and upload it filled in; a refused upload lists each problem by its row and column as Excel shows them,
 * right above the table, and nothing in the draft changes.
 */
import { Alert, Button, Space, Typography, Upload } from 'antd';
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
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%', marginBottom: 12 }}>
      <Space wrap>
        <Button onClick={onDownload} loading={state.busy === 'download'} disabled={disabled || state.busy === 'upload'}>
          {u('download')}
        </Button>
        <Upload
          accept={`.xlsx,${XLSX_MEDIA_TYPE}`}
          showUploadList={false}
          maxCount={1}
          disabled={disabled || state.busy !== null}
          beforeUpload={(file) => {
            onUpload(file);
            return false;
          }}
        >
          <Button type="primary" ghost loading={state.busy === 'upload'} disabled={disabled || state.busy === 'download'}>
            {u('upload')}
          </Button>
        </Upload>
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
  );
}

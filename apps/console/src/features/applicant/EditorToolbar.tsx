/** The editor's sticky bar: 保存草稿, where saving stands (saved / autosaved hh:mm, unsaved edits), 提交申报. */
import { Affix, Button, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SaveStatus } from './useDraftSaver';

const clock = (d: Date) => new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' }).format(d);

/** `onBack` returns to the case page (saving unsaved edits first: leaving inside the app does not warn). */
export function EditorToolbar({ status, canSubmit, onBack, onSave, onSubmit }: { status: SaveStatus; canSubmit: boolean; onBack: () => void; onSave: () => void; onSubmit: () => void }) {
  const { t } = useTranslation();
  const saved = status.savedAt ? t(status.auto ? 'appl.save.autosaved' : 'appl.save.saved', { time: clock(status.savedAt) }) : status.dirty ? '' : t('appl.save.notYet');
  return (
    <Affix offsetTop={0}>
      <Card size="small" styles={{ body: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 12 } }}>
        <Button type="link" onClick={onBack} style={{ padding: 0 }}>
          {t('appl.editor.back')}
        </Button>
        <span style={{ flex: 1 }} />
        <Typography.Text type="secondary" role="status" aria-live="polite">
          {status.saving ? t('appl.save.saving') : [saved, status.dirty ? t('appl.save.unsaved') : ''].filter(Boolean).join(' · ')}
        </Typography.Text>
        <Space>
          <Button onClick={onSave} loading={status.saving} disabled={status.conflict} title={t('appl.save.autosaveNote')}>
            {t('appl.save.save')}
          </Button>
          <Button type="primary" onClick={onSubmit} disabled={!canSubmit || status.conflict}>
            {t('appl.submit.submit')}
          </Button>
        </Space>
      </Card>
    </Affix>
  );
}

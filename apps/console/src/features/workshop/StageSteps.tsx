/** A lifecycle's stages as a row of steps, with its end states as tags. */
import { Space, Steps, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

export function StageSteps({ stages, ends, label }: { stages: string[]; ends?: string[]; label?: string }) {
  const { t } = useTranslation();
  return (
    <div role="group" aria-label={label ?? t('workshop.workflows.stages')}>
      <Steps size="small" current={-1} style={{ overflowX: 'auto', paddingBottom: 8 }} items={stages.map((s) => ({ title: t(`stages.${s}`), status: 'wait' as const }))} />
      {ends && ends.length > 0 && <Space wrap size={4}>{ends.map((s) => <Tag key={s}>{t(`stages.${s}`)}</Tag>)}</Space>}
    </div>
  );
}

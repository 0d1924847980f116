/** A lifecycle's stages in order (draft → … ), wrapping on a narrow screen, with its end states as tags. */
import { Space, Tag, Typography } from 'antd';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';

export function StageSteps({ stages, ends, label }: { stages: string[]; ends?: string[]; label?: string }) {
  const { t } = useTranslation();
  return (
    <div role="group" aria-label={label ?? t('workshop.workflows.stages')} style={{ marginBottom: 8 }}>
      <Space wrap size={[4, 8]}>
        {stages.map((s, i) => (
          <Fragment key={s}>
            {i > 0 && <span aria-hidden="true">→</span>}
            <Tag style={{ fontSize: 14, padding: '2px 8px' }}>{t(`stages.${s}`)}</Tag>
          </Fragment>
        ))}
      </Space>
      {ends && ends.length > 0 && (
        <div style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{t('workshop.workflows.ends')}</Typography.Text>
          <Space wrap size={4}>{ends.map((s) => <Tag key={s}>{t(`stages.${s}`)}</Tag>)}</Space>
        </div>
      )}
    </div>
  );
}

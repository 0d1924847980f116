/** The 申报书's sections in the seed's order (封面; 一 to 四; 附件3), inside a Form the caller provides. */
import type { ReactNode } from 'react';
import { Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { CoverSection } from './CoverSection';
import { EnterprisesSection } from './EnterprisesSection';
import { Section } from './fields';
import { KeyProjectsTable } from './KeyProjectsTable';
import { PlanSection } from './PlanSection';
import type { ProgramInfo } from './program';

const LONG = { minRows: 4, maxRows: 16 };

/** `keyProjectsFile`: what the editor offers above 附件3's table (its download and upload as Excel). */
export function ApplicationSections({ program, keyProjectsFile }: { program: ProgramInfo; keyProjectsFile?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <CoverSection />
      <Section id="appl-basic" title={t('appl.editor.s1')} hint={t('appl.editor.s1Hint')}>
        <Form.Item name="basicSituation" style={{ margin: 0 }}>
          <Input.TextArea aria-label={t('appl.editor.s1')} autoSize={LONG} />
        </Form.Item>
      </Section>
      <Section id="appl-status" title={t('appl.editor.s2')} hint={t('appl.editor.s2Hint')}>
        <Form.Item name="currentStatus" style={{ margin: 0 }}>
          <Input.TextArea aria-label={t('appl.editor.s2')} autoSize={LONG} />
        </Form.Item>
      </Section>
      <PlanSection program={program} targetDate={program.targetDate} />
      <EnterprisesSection />
      <KeyProjectsTable file={keyProjectsFile} />
    </Space>
  );
}

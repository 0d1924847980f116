/** 封面 as on the seed's 附件2: the unit, its address, the person in charge and the contact, in one bordered table. */
import { Descriptions, Form, Grid, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { Section } from './fields';

export function CoverSection() {
  const { t } = useTranslation();
  // On a narrow screen each label sits above its field.
  const wide = Grid.useBreakpoint().md ?? true;
  const e = (k: string) => t(`appl.editor.${k}`);
  /** A right-hand cell's label: its row says whose it is on a wide screen, the label itself on a narrow one. */
  const of = (who: string, what: string) => (wide ? e(what) : `${e(who)} · ${e(what)}`);
  const cell = (name: string[], label: string, type = 'text') => (
    <Form.Item name={['cover', ...name]} style={{ margin: 0 }}>
      <Input aria-label={label} type={type} />
    </Form.Item>
  );
  return (
    <Section id="appl-cover" title={e('cover')}>
      <Descriptions bordered size="small" column={wide ? 4 : 1} layout={wide ? 'horizontal' : 'vertical'} styles={{ label: wide ? { width: 170 } : {} }}>
        <Descriptions.Item label={e('unitName')} span={4}>
          {cell(['unitName'], e('unitName'))}
        </Descriptions.Item>
        <Descriptions.Item label={e('address')} span={4}>
          {cell(['address'], e('address'))}
        </Descriptions.Item>
        <Descriptions.Item label={`${e('head')} · ${e('name')}`} span={2}>
          {cell(['head', 'name'], `${e('head')} ${e('name')}`)}
        </Descriptions.Item>
        <Descriptions.Item label={of('head', 'mobile')} span={2}>
          {cell(['head', 'mobile'], `${e('head')} ${e('mobile')}`, 'tel')}
        </Descriptions.Item>
        <Descriptions.Item label={`${e('contact')} · ${e('name')}`} span={2}>
          {cell(['contact', 'name'], `${e('contact')} ${e('name')}`)}
        </Descriptions.Item>
        <Descriptions.Item label={of('contact', 'mobile')} span={2}>
          {cell(['contact', 'mobile'], `${e('contact')} ${e('mobile')}`, 'tel')}
        </Descriptions.Item>
        <Descriptions.Item label={of('contact', 'fax')} span={2}>
          {cell(['contact', 'fax'], `${e('contact')} ${e('fax')}`, 'tel')}
        </Descriptions.Item>
        <Descriptions.Item label={of('contact', 'email')} span={2}>
          {cell(['contact', 'email'], `${e('contact')} ${e('email')}`, 'email')}
        </Descriptions.Item>
      </Descriptions>
    </Section>
  );
}

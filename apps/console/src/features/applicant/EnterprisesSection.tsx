/** 四、所辖大数据领域企业、研究机构名录: one card per enterprise or institute. */
import { Button, Card, Col, Form, Input, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { MonthInput, Section } from './fields';

const REQUIRED = ['entName', 'entField'] as const;
const FIELDS: { key: string; label: string; month?: boolean; long?: boolean }[] = [
  { key: 'name', label: REQUIRED[0] },
  { key: 'enteredOn', label: 'entEnteredOn', month: true },
  { key: 'field', label: REQUIRED[1] },
  { key: 'products', label: 'entProducts', long: true },
  { key: 'innovation', label: 'entInnovation', long: true },
  { key: 'standing', label: 'entStanding', long: true },
  { key: 'economicResults', label: 'entResults', long: true },
];

export function EnterprisesSection() {
  const { t } = useTranslation();
  const e = (k: string, o?: Record<string, unknown>) => t(`appl.editor.${k}`, o);
  return (
    <Section id="appl-enterprises" title={e('s4')}>
      <Form.List name="enterprises">
        {(items, { add, remove }) => (
          <>
            {items.length === 0 && <Typography.Paragraph type="secondary">{e('empty')}</Typography.Paragraph>}
            {items.map((item, i) => (
              <Card
                key={item.key}
                size="small"
                type="inner"
                title={`${e('entName')} ${e('item', { n: i + 1 })}`}
                extra={<Button onClick={() => remove(item.name)}>{e('remove')}</Button>}
                style={{ marginBottom: 12 }}
              >
                <Row gutter={12}>
                  {FIELDS.map((f) => (
                    <Col key={f.key} xs={24} md={f.long ? 12 : 8}>
                      <Form.Item name={[item.name, f.key]} label={`${e(f.label)}`} style={{ marginBottom: 8 }}>
                        {f.month ? (
                          <MonthInput aria-label={`${e(f.label)} ${e('item', { n: i + 1 })}`} />
                        ) : f.long ? (
                          <Input.TextArea aria-label={`${e(f.label)} ${e('item', { n: i + 1 })}`} autoSize={{ minRows: 1, maxRows: 6 }} />
                        ) : (
                          <Input aria-label={`${e(f.label)} ${e('item', { n: i + 1 })}`} />
                        )}
                      </Form.Item>
                    </Col>
                  ))}
                </Row>
              </Card>
            ))}
            <Button onClick={() => add({ name: '', enteredOn: '', field: '', products: '' })}>{e('addEnterprise')}</Button>
          </>
        )}
      </Form.List>
    </Section>
  );
}

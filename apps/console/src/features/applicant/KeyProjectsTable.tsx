/**
 * 附件3 综合试验重点任务（项目）表 as an editable table: 序号 follows the row order, 内容 and 预期成效 count their
 * characters live against the notice's 200 and 50, 实施期限 is a month range (from, to), rows are added and removed.
 * `file` (the editor's download and upload of the table as Excel) sits above the table.
 */
import type { ReactNode } from 'react';
import { Button, Form, Input, InputNumber, Space, Table, Typography } from 'antd';
import type { FormListFieldData } from 'antd';
import { useTranslation } from 'react-i18next';
import { counter, lengthRule, MonthInput, Section } from './fields';
import { blankKeyProject } from './form-model';

export const CONTENT_MAX = 200;
export const RESULTS_MAX = 50;

export function KeyProjectsTable({ file }: { file?: ReactNode }) {
  const { t } = useTranslation();
  const e = (k: string, o?: Record<string, unknown>) => t(`appl.editor.${k}`, o);
  const label = (k: string, row: number) => `${e(k)} ${e('row', { n: row + 1 })}`;

  return (
    <Section id="appl-key-projects" title={e('annex3')}>
      {file}
      <Form.List name="keyProjects">
        {(rows, { add, remove }) => (
          <>
            <Table<FormListFieldData>
              dataSource={rows}
              rowKey="key"
              pagination={false}
              size="small"
              bordered
              scroll={{ x: 1500 }}
              locale={{ emptyText: <Typography.Text type="secondary">{e('empty')}</Typography.Text> }}
              columns={[
                { title: e('seq'), width: 56, fixed: 'left', render: (_, __, i) => i + 1 },
                {
                  title: e('kpName'),
                  width: 160,
                  fixed: 'left',
                  render: (_, row, i) => (
                    <Form.Item name={[row.name, 'name']} style={{ margin: 0 }}>
                      <Input.TextArea aria-label={label('kpName', i)} autoSize={{ minRows: 1, maxRows: 4 }} />
                    </Form.Item>
                  ),
                },
                {
                  title: e('kpUnit'),
                  width: 150,
                  render: (_, row, i) => (
                    <Form.Item name={[row.name, 'undertakingUnit']} style={{ margin: 0 }}>
                      <Input.TextArea aria-label={label('kpUnit', i)} autoSize={{ minRows: 1, maxRows: 4 }} />
                    </Form.Item>
                  ),
                },
                {
                  title: e('kpContent'),
                  width: 320,
                  render: (_, row, i) => (
                    <Form.Item name={[row.name, 'content']} rules={[lengthRule(CONTENT_MAX, t)]} style={{ margin: 0 }}>
                      <Input.TextArea aria-label={label('kpContent', i)} placeholder={e('kpContentHint')} count={counter(CONTENT_MAX)} autoSize={{ minRows: 3, maxRows: 8 }} />
                    </Form.Item>
                  ),
                },
                {
                  title: e('kpInvestment'),
                  width: 130,
                  render: (_, row, i) => (
                    <Form.Item name={[row.name, 'totalInvestment']} style={{ margin: 0 }}>
                      <InputNumber aria-label={label('kpInvestment', i)} min={0} step={1} style={{ width: '100%' }} />
                    </Form.Item>
                  ),
                },
                {
                  title: e('kpPeriod'),
                  width: 190,
                  render: (_, row, i) => (
                    <Space orientation="vertical" size={4}>
                      <Form.Item name={[row.name, 'periodStart']} style={{ margin: 0 }}>
                        <MonthInput aria-label={label('kpFrom', i)} />
                      </Form.Item>
                      <Typography.Text type="secondary">—</Typography.Text>
                      <Form.Item name={[row.name, 'periodEnd']} style={{ margin: 0 }}>
                        <MonthInput aria-label={label('kpTo', i)} />
                      </Form.Item>
                    </Space>
                  ),
                },
                {
                  title: e('kpResults'),
                  width: 220,
                  render: (_, row, i) => (
                    <Form.Item name={[row.name, 'expectedResults']} rules={[lengthRule(RESULTS_MAX, t)]} style={{ margin: 0 }}>
                      <Input.TextArea aria-label={label('kpResults', i)} placeholder={e('kpResultsHint')} count={counter(RESULTS_MAX)} autoSize={{ minRows: 2, maxRows: 4 }} />
                    </Form.Item>
                  ),
                },
                {
                  title: e('kpRevenue'),
                  width: 130,
                  render: (_, row, i) => (
                    <Form.Item name={[row.name, 'expectedRevenue']} style={{ margin: 0 }}>
                      <InputNumber aria-label={label('kpRevenue', i)} min={0} style={{ width: '100%' }} />
                    </Form.Item>
                  ),
                },
                {
                  title: e('kpRemarks'),
                  width: 120,
                  render: (_, row, i) => (
                    <Form.Item name={[row.name, 'remarks']} style={{ margin: 0 }}>
                      <Input.TextArea aria-label={label('kpRemarks', i)} autoSize={{ minRows: 1, maxRows: 4 }} />
                    </Form.Item>
                  ),
                },
                {
                  title: '',
                  width: 80,
                  fixed: 'right',
                  render: (_, row, i) => (
                    <Button aria-label={label('remove', i)} onClick={() => remove(row.name)}>
                      {e('remove')}
                    </Button>
                  ),
                },
              ]}
            />
            <Button style={{ marginTop: 12 }} onClick={() => add(blankKeyProject(rows.length + 1))}>
              {e('addProject')}
            </Button>
          </>
        )}
      </Form.List>
    </Section>
  );
}

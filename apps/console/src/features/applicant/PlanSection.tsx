/**
 * 三、建设方案 with its six parts: (一) status, (二) approach, (三) the pilot tasks chosen by name plus own tasks,
 * (四) the overall target and one per chosen task, (五) work items with a due month and a responsible unit,
 * (六) policy measures.
 */
import { Button, Checkbox, Col, Form, Input, Row, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { MonthInput, Section } from './fields';
import type { ProgramTasks } from './missing';

const TEXT_ROWS = { minRows: 3, maxRows: 12 };
const LEGEND = { fontSize: 14, color: 'inherit', border: 0, marginBottom: 8 };

export function PlanSection({ program, targetDate }: { program: ProgramTasks; targetDate: string }) {
  const { t } = useTranslation();
  const e = (k: string, o?: Record<string, unknown>) => t(`appl.editor.${k}`, o);
  const selected = (Form.useWatch(['plan', 'selectedTasks']) as string[] | undefined) ?? [];
  const nameOf = (code: string) => program.tasks.find((x) => x.code === code)?.name ?? code;

  return (
    <Section id="appl-plan" title={e('s3')}>
      <Form.Item name={['plan', 'taskStatus']} label={e('p1')} extra={e('p1Hint')}>
        <Input.TextArea autoSize={TEXT_ROWS} />
      </Form.Item>
      <Form.Item name={['plan', 'approach']} label={e('p2')}>
        <Input.TextArea autoSize={TEXT_ROWS} />
      </Form.Item>
      <Form.Item
        name={['plan', 'selectedTasks']}
        label={e('p3')}
        extra={`${e('p3Hint', { min: program.minTasks, total: program.tasks.length })} ${e('chosen', { n: selected.length, min: program.minTasks })}`}
      >
        <Checkbox.Group style={{ width: '100%' }}>
          <Row gutter={[8, 8]}>
            {program.tasks.map((task, i) => (
              <Col key={task.code} xs={24} md={12}>
                <Checkbox value={task.code}>
                  {i + 1}. {task.name}
                </Checkbox>
              </Col>
            ))}
          </Row>
        </Checkbox.Group>
      </Form.Item>
      <CustomTasks />
      <Typography.Title level={5} style={{ fontSize: 14 }}>{e('p4')}</Typography.Title>
      <Form.Item name={['plan', 'targets', 'overall']} label={e('overall', { date: targetDate })}>
        <Input.TextArea autoSize={TEXT_ROWS} />
      </Form.Item>
      <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
        <legend style={LEGEND}>{e('perTask')}</legend>
        {selected.length === 0 && <Typography.Paragraph type="secondary">{e('perTaskEmpty')}</Typography.Paragraph>}
        {program.tasks
          .filter((task) => selected.includes(task.code))
          .map((task) => (
            <Form.Item key={task.code} name={['plan', 'targets', 'perTask', task.code]} label={nameOf(task.code)}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
            </Form.Item>
          ))}
      </fieldset>
      <WorkItems />
      <Form.Item name={['plan', 'policyMeasures']} label={e('p6')} extra={e('p6Hint')}>
        <Input.TextArea autoSize={TEXT_ROWS} />
      </Form.Item>
    </Section>
  );
}

function CustomTasks() {
  const { t } = useTranslation();
  const e = (k: string, o?: Record<string, unknown>) => t(`appl.editor.${k}`, o);
  return (
    <Form.List name={['plan', 'customTasks']}>
      {(items, { add, remove }) => (
        <fieldset style={{ border: 0, padding: 0, margin: '0 0 24px' }}>
          <legend style={LEGEND}>{e('customTasks')}</legend>
          {items.map((item, i) => (
            <Row key={item.key} gutter={8} align="top">
              <Col xs={24} md={8}>
                <Form.Item name={[item.name, 'title']}>
                  <Input aria-label={`${e('customTitle')} ${e('item', { n: i + 1 })}`} placeholder={e('customTitle')} />
                </Form.Item>
              </Col>
              <Col xs={20} md={14}>
                <Form.Item name={[item.name, 'description']}>
                  <Input.TextArea aria-label={`${e('customDescription')} ${e('item', { n: i + 1 })}`} placeholder={e('customDescription')} autoSize={{ minRows: 1, maxRows: 6 }} />
                </Form.Item>
              </Col>
              <Col xs={4} md={2}>
                <Button onClick={() => remove(item.name)}>{e('remove')}</Button>
              </Col>
            </Row>
          ))}
          <Button onClick={() => add({ title: '', description: '' })}>{e('addCustom')}</Button>
        </fieldset>
      )}
    </Form.List>
  );
}

function WorkItems() {
  const { t } = useTranslation();
  const e = (k: string, o?: Record<string, unknown>) => t(`appl.editor.${k}`, o);
  return (
    <Form.List name={['plan', 'workItems']}>
      {(items, { add, remove }) => (
        <fieldset id="appl-work-items" style={{ border: 0, padding: 0, margin: '0 0 24px' }}>
          <legend style={LEGEND}>{e('p5')}</legend>
          <Typography.Paragraph type="secondary">{e('p5Hint')}</Typography.Paragraph>
          {items.map((item, i) => (
            <Space key={item.key} align="start" wrap style={{ display: 'flex' }}>
              <Typography.Text style={{ lineHeight: '32px' }}>{i + 1}.</Typography.Text>
              <Form.Item name={[item.name, 'title']}>
                <Input aria-label={`${e('workTitle')} ${e('item', { n: i + 1 })}`} placeholder={e('workTitle')} style={{ width: 320 }} />
              </Form.Item>
              <Form.Item name={[item.name, 'due']}>
                <MonthInput aria-label={`${e('workDue')} ${e('item', { n: i + 1 })}`} />
              </Form.Item>
              <Form.Item name={[item.name, 'responsibleUnit']}>
                <Input aria-label={`${e('workUnit')} ${e('item', { n: i + 1 })}`} placeholder={e('workUnit')} style={{ width: 200 }} />
              </Form.Item>
              <Button onClick={() => remove(item.name)}>{e('remove')}</Button>
            </Space>
          ))}
          <Button onClick={() => add({ title: '', due: '', responsibleUnit: '' })}>{e('addWork')}</Button>
        </fieldset>
      )}
    </Form.List>
  );
}

/**
 * The new-program form (`POST /programs`), prefilled from a program (the seeded gd-bdpz-2019): key, name, workflow
 * version, regions with their limits and districts, tasks, minimum tasks, quota, window and target date.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { DateInput } from '../../pages/DateInput';
import type { Page } from '../../api/types';
import { showApiErrors } from './api';
import type { Program, WorkflowSummary } from './api';
import { parseDistrict, programBody, programToForm, workflowRef } from './program-form';
import type { ProgramValues } from './program-form';
import { isDate } from './calendar-dates';

export function ProgramForm({ from, onDone }: { from: Program; onDone: (id?: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProgramValues>();
  const [problems, setProblems] = useState<string[]>([]);
  const queries = useQueryClient();
  const workflows = useQuery({ queryKey: ['workflows'], queryFn: () => call<Page<WorkflowSummary>>('/workflows') });
  const create = useMutation({
    mutationFn: (v: ProgramValues) => call<{ id: string }>('/programs', { method: 'POST', body: programBody(v) }),
    onSuccess: (r, v) => {
      void queries.invalidateQueries({ queryKey: ['programs'] });
      void message.success(t('workshop.programs.created', { name: v.name }));
      onDone(r.id);
    },
    onError: (e) => setProblems(showApiErrors(form, e)),
  });
  const req = (field: string) => [{ required: true, message: t('workshop.common.required', { field: t(field) }) }];
  const date = (field: string) => [...req(field), { validator: (_: unknown, v: string) => (!v || isDate(v) ? Promise.resolve() : Promise.reject(new Error(t('workshop.programs.dateRule')))) }];
  const districtsRule = {
    validator: (_: unknown, list: string[] = []) => {
      const bad = list.filter((d) => !parseDistrict(d));
      return bad.length ? Promise.reject(new Error(t('workshop.programs.districtRule', { bad: bad.join('、') }))) : Promise.resolve();
    },
  };
  const versions = (workflows.data?.items ?? []).flatMap((w) => w.versions.map((v) => ({ value: workflowRef({ key: w.key, version: v.version }), label: `${v.name}（${w.key} v${v.version}）` })));

  return (
    <Card title={t('workshop.programs.createTitle', { key: from.key })} style={{ marginBottom: 16 }}>
      <Form<ProgramValues> form={form} layout="vertical" initialValues={programToForm(from)} onValuesChange={() => setProblems([])} onFinish={(v) => create.mutate(v)}>
        <Space wrap size="large" align="start">
          <Form.Item name="key" label={t('workshop.programs.key')} rules={[...req('workshop.programs.key'), { pattern: /^[a-z0-9]+(-[a-z0-9]+)*$/, message: 'a-z 0-9 -' }]}>
            <Input placeholder="gd-bdpz-2020" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="name" label={t('workshop.programs.name')} rules={req('workshop.programs.name')}>
            <Input style={{ width: 320 }} />
          </Form.Item>
          <Form.Item name="workflow" label={t('workshop.programs.workflow')} rules={req('workshop.programs.workflow')}>
            <Select style={{ width: 360 }} loading={workflows.isPending} options={versions} />
          </Form.Item>
        </Space>
        <Space wrap size="large" align="start">
          <Form.Item name={['quota', 'min']} label={t('workshop.programs.quotaMin')} rules={req('workshop.programs.quota')}>
            <InputNumber min={0} precision={0} />
          </Form.Item>
          <Form.Item name={['quota', 'max']} label={t('workshop.programs.quotaMax')} rules={req('workshop.programs.quota')}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
          <Form.Item name="minTasks" label={t('workshop.programs.minTasks')} rules={req('workshop.programs.minTasks')}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
          <Form.Item name={['window', 'opensOn']} label={t('workshop.programs.opensOn')} rules={date('workshop.programs.window')}>
            <DateInput />
          </Form.Item>
          <Form.Item name={['window', 'closesOn']} label={t('workshop.programs.closesOn')} rules={date('workshop.programs.window')}>
            <DateInput />
          </Form.Item>
          <Form.Item name="targetDate" label={t('workshop.programs.targetDate')} rules={date('workshop.programs.targetDate')}>
            <DateInput />
          </Form.Item>
        </Space>
        <Typography.Title level={4}>{t('workshop.programs.regions')}</Typography.Title>
        <Form.List name="regions">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row) => (
                <Space key={row.key} align="start" wrap style={{ display: 'flex' }}>
                  <Form.Item name={[row.name, 'cityCode']} rules={[{ required: true, pattern: /^\d{6}$/, message: t('workshop.users.codeRule') }]}>
                    <Input aria-label={`${t('workshop.users.city')} ${row.name + 1}`} style={{ width: 100 }} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'name']} rules={req('workshop.programs.regionName')}>
                    <Input aria-label={`${t('workshop.programs.regionName')} ${row.name + 1}`} style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'limit']} rules={req('workshop.programs.limit')}>
                    <InputNumber aria-label={`${t('workshop.programs.limit')} ${row.name + 1}`} min={0} precision={0} addonBefore={t('workshop.programs.limit')} style={{ width: 150 }} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'districts']} rules={[districtsRule]} extra={row.name === 0 ? t('workshop.programs.districtsHint') : undefined}>
                    <Select mode="tags" open={false} suffixIcon={null} aria-label={`${t('workshop.programs.districts')} ${row.name + 1}`} style={{ width: 420 }} />
                  </Form.Item>
                  <Button onClick={() => remove(row.name)}>{t('workshop.programs.remove')}</Button>
                </Space>
              ))}
              <div>
                <Button onClick={() => add({ cityCode: '', name: '', limit: 1, districts: [] })}>{t('workshop.programs.addRegion')}</Button>
              </div>
            </>
          )}
        </Form.List>
        <Typography.Title level={4} style={{ marginTop: 16 }}>{t('workshop.programs.tasks')}</Typography.Title>
        <Form.List name="tasks">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row) => (
                <Space key={row.key} align="start" wrap style={{ display: 'flex' }}>
                  <Form.Item name={[row.name, 'code']} rules={req('workshop.programs.code')}>
                    <Input aria-label={`${t('workshop.programs.code')} ${row.name + 1}`} style={{ width: 100 }} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'name']} rules={req('workshop.programs.taskName')}>
                    <Input aria-label={`${t('workshop.programs.taskName')} ${row.name + 1}`} style={{ width: 360 }} />
                  </Form.Item>
                  <Button onClick={() => remove(row.name)}>{t('workshop.programs.remove')}</Button>
                </Space>
              ))}
              <div>
                <Button onClick={() => add({ code: '', name: '' })}>{t('workshop.programs.addTask')}</Button>
              </div>
            </>
          )}
        </Form.List>
        {problems.length > 0 && <Alert type="error" showIcon message={t('workshop.common.fieldProblems')} description={problems.join('\n')} style={{ whiteSpace: 'pre-line', marginTop: 16 }} />}
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {t('workshop.programs.create')}
          </Button>
          <Button onClick={() => onDone()}>{t('workshop.common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}

/**
 * The 申报书 as saved, read-only, laid out as the seed's 附件2 (cover; 一 to 四) with the 重点任务表 of 附件3: what an
 * expert reads before scoring, and what the city and the province read before acting. Task names come from the
 * program's catalogue.
 */
import { Collapse, Descriptions, Empty, Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../api/types';
import type { ProgramView } from './data';

interface Person {
  name?: string;
  mobile?: string;
  fax?: string;
  email?: string;
}
interface Application {
  cover?: { unitName?: string; address?: string; head?: Person; contact?: Person };
  basicSituation?: string;
  currentStatus?: string;
  plan?: {
    taskStatus?: string;
    approach?: string;
    selectedTasks?: string[];
    customTasks?: { title: string; description: string }[];
    targets?: { overall?: string; perTask?: Record<string, string> };
    workItems?: { title: string; due: string; responsibleUnit: string }[];
    policyMeasures?: string;
  };
  enterprises?: { name: string; enteredOn: string; field: string; products: string }[];
  keyProjects?: { seq: number; name: string; undertakingUnit: string; content: string; totalInvestment: number; periodStart: string; periodEnd: string; expectedResults: string }[];
}

const person = (p?: Person) => [p?.name, p?.mobile, p?.fax, p?.email].filter(Boolean).join(' · ');
const Text = ({ children }: { children?: ReactNode }) => <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{children || '—'}</Typography.Paragraph>;

export function ApplicationView({ c, program, open }: { c: CaseDetail; program?: ProgramView; open: boolean }) {
  const { t } = useTranslation();
  const a = c.application as Application | null;
  const v = (k: string) => t(`review.view.${k}`);
  if (!a) return <Empty description={v('noApplication')} />;
  const taskName = (code: string) => (program?.tasks as { code: string; name: string }[] | undefined)?.find((x) => x.code === code)?.name ?? code;
  const plan = a.plan ?? {};
  const body = (
    <div>
      <Typography.Title level={5}>{v('cover')}</Typography.Title>
      <Descriptions size="small" bordered column={1} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={v('unitName')}>{a.cover?.unitName}</Descriptions.Item>
        <Descriptions.Item label={v('address')}>{a.cover?.address}</Descriptions.Item>
        <Descriptions.Item label={v('head')}>{person(a.cover?.head)}</Descriptions.Item>
        <Descriptions.Item label={v('contact')}>{person(a.cover?.contact)}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>{v('basicSituation')}</Typography.Title>
      <Text>{a.basicSituation}</Text>
      <Typography.Title level={5}>{v('currentStatus')}</Typography.Title>
      <Text>{a.currentStatus}</Text>
      <Typography.Title level={5}>{v('plan')}</Typography.Title>
      <Typography.Text strong>{v('taskStatus')}</Typography.Text>
      <Text>{plan.taskStatus}</Text>
      <Typography.Text strong>{v('approach')}</Typography.Text>
      <Text>{plan.approach}</Text>
      <Typography.Text strong>{v('selectedTasks')}</Typography.Text>
      <ol>
        {(plan.selectedTasks ?? []).map((code) => (
          <li key={code}>
            {taskName(code)}
            {plan.targets?.perTask?.[code] && <Typography.Text type="secondary"> — {plan.targets.perTask[code]}</Typography.Text>}
          </li>
        ))}
        {(plan.customTasks ?? []).map((x, i) => (
          <li key={`custom-${i}`}>
            {v('customTasks')}: {x.title} <Typography.Text type="secondary">— {x.description}</Typography.Text>
          </li>
        ))}
      </ol>
      <Typography.Text strong>{v('targets')}</Typography.Text>
      <Text>{plan.targets?.overall}</Text>
      <Typography.Text strong>{v('workItems')}</Typography.Text>
      <Table
        size="small"
        pagination={false}
        rowKey={(_, i) => String(i)}
        scroll={{ x: 560 }}
        dataSource={plan.workItems ?? []}
        columns={[
          { title: v('name'), dataIndex: 'title' },
          { title: v('due'), dataIndex: 'due', width: 100 },
          { title: v('responsibleUnit'), dataIndex: 'responsibleUnit' },
        ]}
        style={{ margin: '8px 0 16px' }}
      />
      <Typography.Text strong>{v('policyMeasures')}</Typography.Text>
      <Text>{plan.policyMeasures}</Text>
      <Typography.Title level={5}>{v('enterprises')}</Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey={(_, i) => String(i)}
        scroll={{ x: 640 }}
        dataSource={a.enterprises ?? []}
        columns={[
          { title: v('name'), dataIndex: 'name' },
          { title: v('enteredOn'), dataIndex: 'enteredOn', width: 100 },
          { title: v('field'), dataIndex: 'field' },
          { title: v('products'), dataIndex: 'products' },
        ]}
        style={{ margin: '8px 0 16px' }}
      />
      <Typography.Title level={5}>{v('keyProjects')}</Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey="seq"
        scroll={{ x: 900 }}
        dataSource={a.keyProjects ?? []}
        columns={[
          { title: v('seq'), dataIndex: 'seq', width: 60 },
          { title: v('name'), dataIndex: 'name' },
          { title: v('undertakingUnit'), dataIndex: 'undertakingUnit' },
          { title: v('content'), dataIndex: 'content', width: 260 },
          { title: v('totalInvestment'), dataIndex: 'totalInvestment', align: 'right' },
          { title: v('period'), render: (_, p) => `${p.periodStart} – ${p.periodEnd}` },
          { title: v('expectedResults'), dataIndex: 'expectedResults' },
        ]}
      />
    </div>
  );
  return <Collapse defaultActiveKey={open ? ['application'] : []} items={[{ key: 'application', label: v('application'), children: body }]} />;
}

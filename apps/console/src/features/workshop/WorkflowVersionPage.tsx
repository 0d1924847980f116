/**
 * One published version of a workflow, read-only: the lifecycle's stages as the server's diagram has them, drawn
 * as a picture (its Mermaid text is there too), the definition's settings, and "new version from this one", which opens the form.
 */
import { useState } from 'react';
import { Alert, Button, Collapse, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { ErrorState, Loading } from '../../pages/States';
import { callText } from './api';
import type { WorkflowDefinition } from './api';
import { DefinitionView } from './DefinitionView';
import { LifecycleDiagram } from './LifecycleDiagram';
import { NewVersionForm } from './NewVersionForm';
import { stagesOfDiagram } from './workflow-model';
import { StageSteps } from './StageSteps';

export default function WorkflowVersionPage() {
  const { t } = useTranslation();
  const { key = '', version = '' } = useParams();
  const [editing, setEditing] = useState(false);
  const path = `/workflows/${encodeURIComponent(key)}/versions/${encodeURIComponent(version)}`;
  const def = useQuery({ queryKey: ['workflow', key, version], queryFn: () => call<WorkflowDefinition>(path) });
  const diagram = useQuery({ queryKey: ['workflow', key, version, 'diagram'], queryFn: () => callText(`${path}/diagram`) });
  if (def.isPending) return <Loading />;
  if (def.isError) return <ErrorState error={def.error} retry={() => void def.refetch()} />;
  const d = def.data;
  return (
    <section>
      <Typography.Title level={2}>
        {d.name} · {t('workshop.workflows.version', { version: d.version })}
      </Typography.Title>
      <Typography.Title level={3}>{t('workshop.workflows.stages')}</Typography.Title>
      {diagram.isError ? (
        <ErrorState error={diagram.error} />
      ) : diagram.data ? (
        <>
          <StageSteps {...stagesOfDiagram(diagram.data)} />
          <LifecycleDiagram mermaid={diagram.data} title={t('workshop.workflows.lifecycle')} />
        </>
      ) : (
        <Loading />
      )}
      {diagram.data && (
        <Collapse
          ghost
          items={[{ key: 'mmd', label: t('workshop.workflows.diagram'), children: <pre style={{ fontSize: 12, overflowX: 'auto' }}>{diagram.data}</pre> }]}
        />
      )}
      {editing ? (
        <NewVersionForm source={d} onDone={() => setEditing(false)} />
      ) : (
        <>
          <Alert type="info" showIcon message={t('workshop.workflows.readOnly')} style={{ margin: '16px 0' }} action={<Button type="primary" onClick={() => setEditing(true)}>{t('workshop.workflows.newFrom')}</Button>} />
          <DefinitionView definition={d} />
        </>
      )}
    </section>
  );
}

/**
 * The lifecycle diagram of the definition being edited, drawn by the server from the form's values
 * (`POST /workflows/:key/diagram`, asked a moment after the last change). While the form holds something the API
 * refuses, the last valid picture stays, with a note saying so.
 */
import { useEffect, useState } from 'react';
import { Alert } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../pages/States';
import { callText } from './api';
import { LifecycleDiagram } from './LifecycleDiagram';

const QUIET_MS = 300;

function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function LiveDiagram({ workflowKey, definition }: { workflowKey: string; definition: unknown }) {
  const { t } = useTranslation();
  const body = useSettled(JSON.stringify(definition), QUIET_MS);
  const [lastGood, setLastGood] = useState<string>();
  const preview = useQuery({
    queryKey: ['workflow-diagram-preview', workflowKey, body],
    queryFn: () => callText(`/workflows/${encodeURIComponent(workflowKey)}/diagram`, { definition: JSON.parse(body) as unknown }),
    placeholderData: keepPreviousData,
    retry: false,
  });
  useEffect(() => {
    if (preview.data !== undefined && !preview.isPlaceholderData) setLastGood(preview.data);
  }, [preview.data, preview.isPlaceholderData]);
  return (
    <>
      {preview.isError && <Alert type="warning" showIcon message={t('workshop.workflows.diagramStale')} style={{ marginBottom: 8 }} />}
      {lastGood ? <LifecycleDiagram mermaid={lastGood} title={t('workshop.workflows.newLifecycle')} /> : preview.isError ? null : <Loading />}
    </>
  );
}

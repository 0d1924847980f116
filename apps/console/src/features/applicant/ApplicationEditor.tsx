/**
 * The 申报书 editor, laid out as the seed's 附件2 (封面; 一 to 四) with 附件3's table. The form's values are the
 * save body itself. Shows what is still missing before submit (the domain's own rules), the API's field errors at
 * the field and in a list, and a conflict when someone else changed the case. 附件3's table also travels as an
 * Excel file: downloaded from the saved draft, uploaded filled in (unsaved edits are saved first either way, and an
 * accepted upload reloads the form from the case).
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Form, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { Schemas } from '../../api/client';
import { download } from '../../api/download';
import type { CaseDetail } from '../../api/types';
import { putFile } from '../../api/upload';
import { errorTitle } from './api-errors';
import { describeField, translateMessage } from './describe';
import { EditorToolbar } from './EditorToolbar';
import { ApplicationSections } from './ApplicationSections';
import { fromSaved, namePath, toBody, type DraftValues } from './form-model';
import { goToField, IssueList, type Issue } from './IssueList';
import { tableProblems, XLSX_MEDIA_TYPE } from './key-projects-file';
import { IDLE, KeyProjectsFile, type FileState } from './KeyProjectsFile';
import { missingItems } from './missing';
import { taskNamer, type ProgramInfo } from './program';
import { ReturnedNotice } from './ReturnedNotice';
import { SubmitDialog } from './SubmitDialog';
import { useDraftSaver } from './useDraftSaver';

export function ApplicationEditor({ c, program }: { c: CaseDetail; program: ProgramInfo }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [form] = Form.useForm<DraftValues>();
  const [initial] = useState(() => fromSaved(c.application, c.applicant.unitName));
  const [values, setValues] = useState<DraftValues>(initial);
  const [submitting, setSubmitting] = useState(false);
  const [file, setFile] = useState<FileState>(IDLE);
  const saver = useDraftSaver(c.id, c.revision, form);
  const { status } = saver;
  const taskName = taskNamer(program);

  const missing = useMemo(() => missingItems(toBody(values), program), [values, program]);
  const missingIssues: Issue[] = missing.map((m, i) => ({
    key: `${m.rule}-${m.field}-${i}`,
    field: m.field,
    text: `${describeField(m.field, t, taskName)}${t('appl.editor.sep')}${t(`appl.missing.rules.${m.rule}`, { min: program.minTasks, defaultValue: m.rule })}`,
  }));
  const savedIssues: Issue[] = status.issues.map((f) => ({
    key: f.field,
    field: f.field,
    text: `${describeField(f.field, t, taskName)}${t('appl.editor.sep')}${f.messages.map((m) => translateMessage(m, t)).join('；')}`,
  }));
  const go = (field: string) =>
    goToField(field, (f) => {
      const name = namePath(f);
      if (!form.getFieldInstance(name)) return false;
      form.scrollToField(name, { block: 'center', focus: true });
      return true;
    });

  /** An explicit save that fails moves to what needs attention: the first refused field, or the conflict notice. */
  const saveNow = async () => {
    const result = await saver.save(false);
    if (result.issues.length > 0) go(result.issues[0]!.field);
    else if (result.conflict) window.scrollTo({ top: 0 });
  };

  const casePage = `/cases/${encodeURIComponent(c.id)}`;
  const back = async () => {
    if (status.conflict || !status.dirty) return navigate(casePage);
    const result = await saver.save(false);
    if (result.ok) navigate(casePage);
    else if (result.issues.length > 0) go(result.issues[0]!.field);
  };

  const reload = async (): Promise<CaseDetail> => {
    const fresh = await queries.fetchQuery({ queryKey: ['case', c.id], queryFn: () => call<CaseDetail>(`/cases/${encodeURIComponent(c.id)}`), staleTime: 0 });
    const next = fromSaved(fresh.application, fresh.applicant.unitName);
    form.resetFields();
    form.setFieldsValue(next);
    setValues(next);
    saver.reset(fresh.revision);
    void queries.invalidateQueries({ queryKey: ['history', c.id] });
    return fresh;
  };

  /** Unsaved edits (or a draft never saved) are saved before the table leaves or comes in as a file. */
  const savedFirst = async (always: boolean): Promise<boolean> => {
    if (!status.dirty && !always) return true;
    const result = await saver.save(false);
    if (result.issues.length > 0) go(result.issues[0]!.field);
    return result.ok;
  };
  const everSaved = c.application !== null && c.application !== undefined;

  const downloadTable = async () => {
    setFile({ ...IDLE, busy: 'download' });
    try {
      if (await savedFirst(!everSaved && status.savedAt === null)) await download(`/cases/${encodeURIComponent(c.id)}/documents/key-projects.xlsx`);
      setFile(IDLE);
    } catch (e) {
      setFile({ ...IDLE, error: e });
    }
  };

  const uploadTable = async (table: File) => {
    setFile({ ...IDLE, busy: 'upload' });
    try {
      if (!(await savedFirst(false))) return setFile(IDLE);
      await putFile<Schemas['CaseActionResponse']>(`/cases/${encodeURIComponent(c.id)}/application/key-projects`, table, XLSX_MEDIA_TYPE, {
        'If-Match': `"${saver.revision()}"`,
      });
      const fresh = await reload();
      setFile({ ...IDLE, imported: fromSaved(fresh.application, fresh.applicant.unitName).keyProjects.length });
    } catch (e) {
      const problems = tableProblems(e);
      setFile({ ...IDLE, problems, error: problems.length > 0 ? null : e });
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ marginBottom: 0 }}>
        {t('appl.editor.title')} · {c.applicant.unitName}
      </Typography.Title>
      <EditorToolbar status={status} onBack={() => void back()} canSubmit={missing.length === 0} onSave={() => void saveNow()} onSubmit={() => setSubmitting(true)} />
      <ReturnedNotice c={c} />
      {status.conflict && (
        <Alert type="warning" showIcon role="alert" message={t('appl.save.conflict')} action={<Button onClick={() => void reload()}>{t('appl.save.reload')}</Button>} />
      )}
      {savedIssues.length > 0 && (
        <Alert type="error" showIcon role="alert" message={t('appl.save.invalid', { n: savedIssues.length })} description={<IssueList issues={savedIssues} onGo={go} />} />
      )}
      {status.error !== null && <Alert type="error" showIcon role="alert" message={`${t('appl.save.failed')}${t('appl.editor.sep')}${errorTitle(status.error, t)}`} />}
      <Card size="small" role="region" aria-label={t('appl.editor.check')} title={missing.length > 0 ? t('appl.missing.title', { n: missing.length }) : <Typography.Text type="success">{t('appl.missing.none')}</Typography.Text>}>
        {missing.length > 0 && <IssueList issues={missingIssues} onGo={go} />}
      </Card>
      <Form<DraftValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onValuesChange={(changed) => {
          saver.markEdited(changed);
          setValues(form.getFieldsValue(true));
        }}
      >
        <ApplicationSections
          program={program}
          keyProjectsFile={<KeyProjectsFile state={file} disabled={status.conflict} onDownload={() => void downloadTable()} onUpload={(f) => void uploadTable(f)} />}
        />
      </Form>
      {submitting && (
        <SubmitDialog
          caseId={c.id}
          revision={saver.revision}
          before={async () => {
            if (!status.dirty) return true;
            const result = await saver.save(false);
            if (result.issues.length > 0) go(result.issues[0]!.field);
            return result.ok;
          }}
          words={{ taskName, minTasks: program.minTasks }}
          onClose={() => setSubmitting(false)}
          onStale={() => {
            setSubmitting(false);
            void reload();
          }}
          onDone={() => navigate(casePage)}
        />
      )}
    </Space>
  );
}

/**
 * The frame of every reviewer's action form: a modal whose form posts `POST /cases/:id/<action>` with `If-Match` of
 * the revision the page showed. The API's answer is shown where it belongs: field errors at their field (in the
 * user's language where the message's shape is known), a 409 REVISION_CONFLICT as "changed by someone else" with a
 * reload, any other code in words; on success the case, its history, the inbox and the program are read again.
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Alert, App, Button, Form, Modal, Space } from 'antd';
import type { FormInstance } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import type { CaseDetail } from '../../api/types';
import { fieldProblemsOf, placeFieldErrors, translateMessage } from './review-model';
import type { FieldProblem } from './review-model';
import { paperworkRule } from '../../pages/paperwork-errors';

export interface ActionFormProps {
  c: CaseDetail;
  onClose: () => void;
}

/** Reads again what an action may have changed. */
export function useRefreshCase(c: Pick<CaseDetail, 'id' | 'programId'>): () => Promise<unknown> {
  const queries = useQueryClient();
  return () =>
    Promise.all([
      queries.invalidateQueries({ queryKey: ['case', c.id] }),
      queries.invalidateQueries({ queryKey: ['history', c.id] }),
      queries.invalidateQueries({ queryKey: ['inbox'] }),
      queries.invalidateQueries({ queryKey: ['program', c.programId] }),
      queries.invalidateQueries({ queryKey: ['dashboard', c.programId] }),
    ]);
}

interface Props<V> extends ActionFormProps {
  /** The path after /cases/:id/ (e.g. `city-audit`), or made from the values (`objections/<id>/resolution`). */
  path: string | ((values: V) => string);
  /** The action's name in `actions.*` for the title and the success message. */
  action: string;
  form: FormInstance<V>;
  /** Form field paths (dotted) that API field errors may be shown at. */
  fields: string[];
  /** Labels of those fields, to name the ones an error is shown apart from its field. */
  labels?: Record<string, string>;
  toBody: (values: V) => unknown;
  initialValues?: Partial<V>;
  /** Shown above the fields (a meter, a summary). */
  intro?: ReactNode;
  /** Words for an error code this form knows more about (e.g. CITY_LIMIT_REACHED with the city's numbers). */
  explain?: (e: ApiError) => ReactNode | undefined;
  submitText?: string;
  submitDisabled?: boolean;
  /** Where to go once done, when the caller will no longer see the case (an expert who recused). */
  leaveTo?: string;
  width?: number;
  children: ReactNode;
}

export function ActionModal<V extends object>(p: Props<V>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshCase(p.c);
  const queries = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<{ e: ApiError; rest: FieldProblem[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const title = t(`actions.${p.action}`, { defaultValue: p.action, nsSeparator: false });

  const submit = async (values: V) => {
    setBusy(true);
    setError(null);
    try {
      const path = typeof p.path === 'function' ? p.path(values) : p.path;
      await call(`/cases/${encodeURIComponent(p.c.id)}/${path}`, { method: 'POST', body: p.toBody(values), headers: { 'If-Match': `"${p.c.revision}"` } });
      void message.success(t('review.form.done', { action: title }));
      if (p.leaveTo) {
        // Not the case again: the caller may no longer see it (a 404). The inbox changed.
        void navigate(p.leaveTo);
        await queries.invalidateQueries({ queryKey: ['inbox'] });
        return;
      }
      await refresh();
      p.onClose();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const { at, rest } = placeFieldErrors(e.code === 'VALIDATION_FAILED' ? fieldProblemsOf(e.body?.details) : [], p.fields);
      p.form.setFields(at.map((f) => ({ name: f.name as never, errors: f.messages.map((m) => translateMessage(m, t)) })));
      setError({ e, rest });
      // A refusal may come from counts that moved meanwhile (the city's limit, the quota): show them as they are now.
      if (e.code !== 'REVISION_CONFLICT') void queries.invalidateQueries({ queryKey: ['program', p.c.programId] });
    } finally {
      setBusy(false);
    }
  };

  const conflict = error?.e.code === 'REVISION_CONFLICT';
  return (
    <Modal open title={title} onCancel={p.onClose} footer={null} destroyOnHidden width={p.width ?? 560} maskClosable={false}>
      {conflict && (
        <Alert
          type="warning"
          showIcon
          title={t('review.form.conflict')}
          action={<Button onClick={() => void refresh().then(p.onClose)}>{t('review.form.reload')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      {error && !conflict && <ErrorAlert e={error.e} rest={error.rest} labels={p.labels ?? {}} explain={p.explain} />}
      {p.intro}
      <Form<V> form={p.form} layout="vertical" initialValues={p.initialValues} onFinish={(v) => void submit(v)} scrollToFirstError>
        {p.children}
        <Space>
          {/* Disabled while sending rather than `loading`: its icon's leave animation can stick in a background tab,
              leaving the button named "loading …". */}
          <Button type="primary" htmlType="submit" disabled={busy || conflict || p.submitDisabled} aria-busy={busy}>
            {p.submitText ?? t('review.form.submit')}
          </Button>
          <Button onClick={p.onClose}>{t('review.form.cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}

/** The API's refusal in words: the code's sentence, then what it named (rules, fields outside the form, experts). */
function ErrorAlert({ e, rest, labels, explain }: { e: ApiError; rest: FieldProblem[]; labels: Record<string, string>; explain?: (e: ApiError) => ReactNode | undefined }) {
  const { t } = useTranslation();
  const code = e.code ?? 'other';
  const known = t(`review.errors.${code}`, { defaultValue: '' });
  const headline = explain?.(e) ?? (known || e.message || t('review.errors.other'));
  const lines: string[] = [];
  if (code === 'VALIDATION_FAILED') lines.push(...rest.map((r) => `${labels[r.field] ?? r.field}: ${r.messages.map((m) => translateMessage(m, t)).join('；')}`));
  if (code === 'RULE_VIOLATION' && Array.isArray(e.body?.details)) lines.push(...(e.body.details as { rule?: string; message?: string }[]).map((d) => paperworkRule(d.rule, t) ?? d.message ?? '').filter(Boolean));
  if (code === 'CONFLICT_OF_INTEREST' && Array.isArray(e.body?.details)) {
    lines.push(...(e.body.details as { expertId?: string; reasons?: string[] }[]).map((d) => `${labels[`expert:${d.expertId}`] ?? d.expertId}: ${(d.reasons ?? []).join('; ')}`));
  }
  if (code !== 'VALIDATION_FAILED' && code !== 'RULE_VIOLATION' && !known && !explain?.(e)) lines.push(`${e.status}`);
  return (
    <Alert
      type="error"
      showIcon
      title={headline}
      description={lines.length > 0 ? <div style={{ whiteSpace: 'pre-line' }}>{lines.join('\n')}</div> : undefined}
      style={{ marginBottom: 16 }}
      role="alert"
    />
  );
}

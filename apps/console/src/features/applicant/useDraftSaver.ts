/**
 * Saving the draft 申报书: an explicit save and an autosave every 30 s while there are unsaved edits, each a
 * `PUT /cases/:id/application` with `If-Match` of the revision this page last saw. A stale revision (someone else
 * saved, or the case moved on) stops all saving and says so — never a silent overwrite. The API's field errors are
 * set on the form's fields (translated) and kept as a list for the page's summary.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import type { Schemas } from '../../api/client';
import { fieldIssues, type FieldIssue } from './api-errors';
import { translateMessage } from './describe';
import { leafPaths, namePath, toBody, type DraftValues } from './form-model';

export const AUTOSAVE_MS = 30_000;

export interface SaveStatus {
  saving: boolean;
  dirty: boolean;
  savedAt: Date | null;
  auto: boolean;
  conflict: boolean;
  issues: FieldIssue[];
  /** Any other failure (network, 5xx, 403 …). */
  error: unknown;
}

export interface SaveResult {
  ok: boolean;
  conflict: boolean;
  issues: FieldIssue[];
}

export interface DraftSaver {
  status: SaveStatus;
  /** The revision the next command must send as If-Match. */
  revision: () => number;
  /** Called with the form's changed values: the edit makes the draft dirty and clears the API's error there. */
  markEdited: (changed?: unknown) => void;
  save: (auto?: boolean) => Promise<SaveResult>;
  /** Back to the server's copy at `revision` (after a conflict and reload). */
  reset: (revision: number) => void;
}

const FRESH: SaveStatus = { saving: false, dirty: false, savedAt: null, auto: false, conflict: false, issues: [], error: null };

export function useDraftSaver(caseId: string, initialRevision: number, form: FormInstance): DraftSaver {
  const { t } = useTranslation();
  const revision = useRef(initialRevision);
  const edits = useRef(0);
  const savedEdits = useRef(0);
  /** The edit count an autosave last failed at: no retry until something changes. */
  const failedEdits = useRef(-1);
  const busy = useRef(false);
  const conflict = useRef(false);
  const marked = useRef<(string | number)[][]>([]);
  const [status, setStatus] = useState<SaveStatus>(FRESH);

  const markEdited = useCallback((changed?: unknown) => {
    edits.current += 1;
    const touched = leafPaths(changed).map((p) => p.join('.'));
    const cleared = marked.current.filter((name) => touched.some((p) => p === name.join('.') || p.startsWith(`${name.join('.')}.`)));
    if (cleared.length > 0) {
      form.setFields(cleared.map((name) => ({ name, errors: [] })));
      marked.current = marked.current.filter((name) => !cleared.includes(name));
    }
    setStatus((s) => (s.dirty ? s : { ...s, dirty: true }));
  }, [form]);

  const save = useCallback(
    async (auto = false): Promise<SaveResult> => {
      if (busy.current || conflict.current) return { ok: false, conflict: conflict.current, issues: [] };
      busy.current = true;
      const at = edits.current;
      setStatus((s) => ({ ...s, saving: true }));
      try {
        const res = await call<Schemas['CaseActionResponse']>(`/cases/${encodeURIComponent(caseId)}/application`, {
          method: 'PUT',
          body: toBody(form.getFieldsValue(true) as DraftValues),
          headers: { 'If-Match': `"${revision.current}"` },
        });
        revision.current = res.revision;
        savedEdits.current = at;
        form.setFields(marked.current.map((name) => ({ name, errors: [] })));
        marked.current = [];
        setStatus({ ...FRESH, dirty: edits.current !== at, savedAt: new Date(), auto });
        return { ok: true, conflict: false, issues: [] };
      } catch (e) {
        failedEdits.current = at;
        const stale = e instanceof ApiError && e.code === 'REVISION_CONFLICT';
        conflict.current = stale;
        const issues = e instanceof ApiError ? fieldIssues(e) : [];
        if (issues.length > 0) {
          marked.current = issues.map((i) => namePath(i.field));
          form.setFields(issues.map((i) => ({ name: namePath(i.field), errors: i.messages.map((m) => translateMessage(m, t)) })));
        }
        setStatus((s) => ({ ...s, saving: false, conflict: stale, issues, error: stale || issues.length > 0 ? null : e }));
        return { ok: false, conflict: stale, issues };
      } finally {
        busy.current = false;
      }
    },
    [caseId, form, t],
  );

  const reset = useCallback((next: number) => {
    revision.current = next;
    conflict.current = false;
    edits.current = savedEdits.current = 0;
    failedEdits.current = -1;
    marked.current = [];
    setStatus(FRESH);
  }, []);

  useEffect(() => {
    const timer = setInterval(() => {
      if (edits.current !== savedEdits.current && edits.current !== failedEdits.current) void save(true);
    }, AUTOSAVE_MS);
    return () => clearInterval(timer);
  }, [save]);

  // Leaving the page (closing the tab, reloading) with unsaved edits asks first.
  useEffect(() => {
    if (!status.dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [status.dirty]);

  return { status, revision: () => revision.current, markEdited, save, reset };
}

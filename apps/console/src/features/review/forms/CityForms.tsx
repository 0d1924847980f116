/**
 * The city officer's forms: the audit (pass, return for revision or reject — the last two with the reasons) and the
 * recommendation letter (推荐函, 附件1) with the city's recommendations used against its limit, read from the
 * program (`GET /programs/:id`, cities[]); CITY_LIMIT_REACHED is explained with those numbers. The letter itself
 * can be downloaded from the dialog, made from the number and date typed in it, to print, seal and upload back before
 * recommending (the program's paperwork may ask for that scan).
 */
import { Alert, Button, Form, Input, Progress, Radio, Space, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { download } from '../../../api/download';
import { ActionModal, ErrorAlert } from '../ActionModal';
import type { ActionFormProps } from '../ActionModal';
import { useProgram } from '../data';
import type { ProgramCity } from '../data';
import { compact, DateField, TextField, todayInProgram } from '../fields';
import { useSession } from '../../../session/session';
import { fieldProblemsOf } from '../review-model';

interface AuditValues {
  decision: 'pass' | 'return' | 'reject';
  comment?: string;
}

export function CityAuditForm(p: ActionFormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AuditValues>();
  const decision = Form.useWatch('decision', form);
  return (
    <ActionModal
      {...p}
      action="city-audit"
      path="city-audit"
      form={form}
      fields={['decision', 'comment']}
      labels={{ decision: t('audit.decision'), comment: t('audit.comment') }}
      initialValues={{ decision: 'pass' }}
      toBody={(v) => compact({ decision: v.decision, comment: v.comment })}
      submitText={t('audit.submit')}
    >
      <Form.Item name="decision" label={t('audit.decision')}>
        <Radio.Group
          options={[
            { value: 'pass', label: t('audit.pass') },
            { value: 'return', label: t('audit.return') },
            { value: 'reject', label: t('review.audit.reject') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="comment"
        label={t('audit.comment')}
        required={decision === 'return' || decision === 'reject'}
        dependencies={['decision']}
        // Read at validation time: a decision changed just before sending counts.
        rules={[({ getFieldValue }) => ({ required: getFieldValue('decision') !== 'pass', whitespace: true, message: t('review.audit.commentRequired') })]}
      >
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </ActionModal>
  );
}

/** Used / limit of the signed-in officer's city, as a meter. */
export function CityLimitMeter({ city }: { city: ProgramCity | undefined }) {
  const { t } = useTranslation();
  if (!city) return <Typography.Paragraph type="secondary">{t('review.recommendation.noCity')}</Typography.Paragraph>;
  const full = city.recommended >= city.limit;
  return (
    <div role="group" aria-label={t('review.recommendation.meter')} style={{ marginBottom: 16 }}>
      <Space wrap>
        <Typography.Text strong>{t('review.recommendation.meter')}</Typography.Text>
        <Typography.Text data-testid="city-limit">{t('review.recommendation.used', { used: city.recommended, limit: city.limit })}</Typography.Text>
        {full && <Typography.Text type="danger">{t('review.recommendation.full')}</Typography.Text>}
      </Space>
      <Progress aria-label={t('review.recommendation.used', { used: city.recommended, limit: city.limit })} percent={city.limit > 0 ? Math.round((100 * city.recommended) / city.limit) : 100} steps={Math.max(city.limit, 1)} size={[56, 10]} showInfo={false} status={full ? 'exception' : 'normal'} />
    </div>
  );
}

interface LetterValues {
  letterNo: string;
  issuedOn: string;
  statement: string;
}

export function RecommendationForm(p: ActionFormProps) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [form] = Form.useForm<LetterValues>();
  const program = useProgram(p.c.programId);
  const city = program.data?.cities.find((x) => x.cityCode === user?.cityCode);
  const labels = { letterNo: t('review.recommendation.letterNo'), issuedOn: t('review.recommendation.issuedOn'), statement: t('review.recommendation.statement') };
  const districtLevel = p.c.applicant.level !== 'city';
  return (
    <ActionModal
      {...p}
      action="recommendation"
      path="recommendation"
      form={form}
      fields={Object.keys(labels)}
      labels={labels}
      initialValues={{ issuedOn: todayInProgram() }}
      toBody={(v) => ({ letterNo: v.letterNo, issuedOn: v.issuedOn, statement: v.statement })}
      explain={(e) =>
        e.code === 'CITY_LIMIT_REACHED' && city
          ? `${t('review.errors.CITY_LIMIT_REACHED')}（${t('review.recommendation.used', { used: city.recommended, limit: city.limit })}）`
          : undefined
      }
      intro={
        <>
          {program.isError && <Alert type="error" showIcon title={program.error.message} style={{ marginBottom: 16 }} />}
          {districtLevel ? <CityLimitMeter city={city} /> : <Typography.Paragraph type="secondary">{t('review.recommendation.cityLevel')}</Typography.Paragraph>}
        </>
      }
    >
      <TextField name="letterNo" label={labels.letterNo} required max={200} placeholder="穗工信函〔2019〕58号" />
      <DateField name="issuedOn" label={labels.issuedOn} />
      <LetterToSeal caseId={p.c.id} form={form} labels={labels} />
      <TextField name="statement" label={labels.statement} required rows={4} placeholder={t('review.recommendation.statementHint')} />
    </ActionModal>
  );
}

/** The 推荐函 made by the API from the number and date in the form (judged by the recommendation's letter rules). */
function LetterToSeal({ caseId, form, labels }: { caseId: string; form: FormInstance<LetterValues>; labels: Record<string, string> }) {
  const { t } = useTranslation();
  const letterNo = (Form.useWatch('letterNo', form) ?? '').trim();
  const issuedOn = Form.useWatch('issuedOn', form) ?? '';
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const get = async (ext: 'pdf' | 'docx') => {
    setBusy(true);
    setError(null);
    try {
      await download(`/cases/${encodeURIComponent(caseId)}/documents/recommendation-letter.${ext}?letterNo=${encodeURIComponent(letterNo)}&issuedOn=${encodeURIComponent(issuedOn)}`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const disabled = busy || letterNo === '' || issuedOn === '';
  return (
    <div role="group" aria-label={t('review.recommendation.letter')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('review.recommendation.sealHint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: error ? 12 : 0 }}>
        <Button disabled={disabled} onClick={() => void get('pdf')}>{t('review.recommendation.letterPdf')}</Button>
        <Button disabled={disabled} onClick={() => void get('docx')}>{t('review.recommendation.letterDocx')}</Button>
      </Space>
      {error && <ErrorAlert e={error} rest={fieldProblemsOf(error.body?.details)} labels={labels} />}
    </div>
  );
}

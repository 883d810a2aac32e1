import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisbursementCondition, DisbursementDetail, DisbursementDocument } from '../../../shared/api/disbursement';
import { yuan } from '../../format';
import { ProblemList } from './CasePanel';
import { DocumentUpload } from './EvidenceDocument';
import {
  draftFrom,
  type EvidenceDraft,
  emptyPayee,
  type FieldError,
  normaliseAccount,
  type PayeeDraft,
  payeeSum,
  readiness,
} from './evidence-form';
import { problemMessage } from './messages';
import { useRecordEvidence } from './mutations';

/**
 * Whether to show a field's error now: always once the maker tried to save or left the field; while
 * typing, only errors that are already certain (a wrong check digit, a malformed amount), not "required"
 * nor an account number still too short to judge.
 */
function visible(error: FieldError | undefined, value: string, touched: boolean, attempted: boolean) {
  if (!error) return false;
  if (attempted || touched) return true;
  if (value.trim() === '' || error === 'required') return false;
  if (error === 'accountFormat' && /^\d{0,11}$/.test(normaliseAccount(value))) return false;
  return true;
}

interface FieldProps {
  name: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error: FieldError | undefined;
  touched: boolean;
  attempted: boolean;
  onBlur: () => void;
  hint?: string;
  inputMode?: 'numeric' | 'decimal' | 'text';
  multiline?: boolean;
  testId?: string;
}

/** One labelled input with its error beside it (aria-invalid, aria-describedby). */
function Field({
  name,
  label,
  value,
  onChange,
  error,
  touched,
  attempted,
  onBlur,
  hint,
  inputMode,
  multiline,
  testId,
}: FieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const show = visible(error, value, touched, attempted);
  const described = [hint ? `${id}-hint` : null, show ? `${id}-err` : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name,
    value,
    onBlur,
    'aria-invalid': show || undefined,
    'aria-describedby': described,
    'data-testid': testId ?? `field-${name}`,
  };
  return (
    <div className="disb-field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={2} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type="text"
          inputMode={inputMode}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {hint && (
        <span id={`${id}-hint`} className="muted small">
          {hint}
        </span>
      )}
      {show && error && (
        <span id={`${id}-err`} className="error" data-testid={`error-${name}`}>
          {t(`disbursement.field.${error}`)}
        </span>
      )}
    </div>
  );
}

/**
 * The maker's form for one condition's evidence: the fields its kind takes, each checked as typed with
 * the API's own rules (check digits; the payees' sum against the loan shown live), saved with PUT
 * …/conditions/{index} under the disbursement's version.
 */
export function EvidenceForm({
  c,
  d,
  onCancel,
  onSaved,
}: {
  c: DisbursementCondition;
  d: DisbursementDetail;
  onCancel?: () => void;
  onSaved: (outcome: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const record = useRecordEvidence((outcome) => {
    setAttempted(false);
    onSaved(outcome);
  });
  const [draft, setDraft] = useState<EvidenceDraft>(() => draftFrom(c.evidence));
  // The file the draft names: the one on record, or the one just uploaded.
  const [doc, setDoc] = useState<DisbursementDocument | null>(c.document);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const ready = readiness(c.condition, draft, d.amount);
  const type = c.condition.type;
  const lang = i18n.language;

  const field = (
    name: string,
    label: string,
    value: string,
    set: (v: string) => void,
    extra: Partial<FieldProps> = {},
  ) => (
    <Field
      key={name}
      name={name}
      label={label}
      value={value}
      onChange={set}
      error={ready.fields[name]}
      touched={touched.has(name)}
      attempted={attempted}
      onBlur={() => setTouched((s) => new Set(s).add(name))}
      {...extra}
    />
  );
  const setPayee = (i: number, patch: Partial<PayeeDraft>) =>
    setDraft((x) => ({ ...x, payees: x.payees.map((p, j) => (j === i ? { ...p, ...patch } : p)) }));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    if (!ready.evidence) {
      // Focus the first field at fault, so the keyboard user lands on it.
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    record.mutate({ applicationId: d.applicationId, version: d.version, index: c.index, evidence: ready.evidence });
  };

  const sum = ready && type === 'entrusted_payment' ? payeeSum(draft.payees, d.amount) : null;
  const fileInput = (
    <DocumentUpload
      applicationId={d.applicationId}
      index={c.index}
      current={draft.documentId && doc?.id === draft.documentId ? doc : null}
      onUploaded={(uploaded) => {
        setDoc(uploaded);
        setDraft((x) => ({ ...x, documentId: uploaded.id }));
      }}
      onRemoved={() => setDraft((x) => ({ ...x, documentId: '' }))}
    />
  );

  return (
    <form ref={formRef} className="disb-form" onSubmit={submit} noValidate data-testid={`evidence-form-${c.index}`}>
      {c.evidenceKind === 'payees' && (
        <fieldset>
          <legend>{t('disbursement.evidence.payees')}</legend>
          {draft.payees.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: payees are an ordered list the maker edits in place.
            <fieldset key={i} className="disb-payee" data-testid={`payee-${i}`}>
              <legend>{t('disbursement.evidence.payeeN', { n: i + 1 })}</legend>
              {field(`payees.${i}.name`, t('disbursement.evidence.payeeNameField'), p.name, (v) =>
                setPayee(i, { name: v }),
              )}
              {field(
                `payees.${i}.account`,
                t('disbursement.evidence.account'),
                p.account,
                (v) => setPayee(i, { account: v }),
                {
                  inputMode: 'numeric',
                },
              )}
              {field(`payees.${i}.bank`, t('disbursement.evidence.bank'), p.bank, (v) => setPayee(i, { bank: v }))}
              {field(
                `payees.${i}.amount`,
                t('disbursement.evidence.amount'),
                p.amount,
                (v) => setPayee(i, { amount: v }),
                {
                  inputMode: 'decimal',
                },
              )}
              {draft.payees.length > 1 && (
                <button
                  type="button"
                  onClick={() => setDraft((x) => ({ ...x, payees: x.payees.filter((_, j) => j !== i) }))}
                  data-testid={`payee-remove-${i}`}
                >
                  {t('disbursement.evidence.removePayee', { n: i + 1 })}
                </button>
              )}
            </fieldset>
          ))}
          {draft.payees.length < 20 && (
            <button
              type="button"
              onClick={() => setDraft((x) => ({ ...x, payees: [...x.payees, emptyPayee()] }))}
              data-testid="payee-add"
            >
              {t('disbursement.evidence.addPayee')}
            </button>
          )}
          {sum && (
            <p
              className={`disb-sum disb-sum-${sum.state}`}
              aria-live="polite"
              data-testid="payees-sum"
              data-state={sum.state}
            >
              {t('disbursement.evidence.sumLine', { sum: yuan(sum.sum, lang), loan: yuan(sum.loan, lang) })}
              {' · '}
              {sum.state === 'exact'
                ? t('disbursement.evidence.sumExact')
                : sum.state === 'under'
                  ? t('disbursement.evidence.sumUnder', { amount: yuan(sum.remaining, lang) })
                  : t('disbursement.evidence.sumOver', { amount: yuan(sum.remaining.replace(/^-/, ''), lang) })}
            </p>
          )}
        </fieldset>
      )}
      {c.evidenceKind === 'registration' && (
        <>
          {field('certificateNo', t('disbursement.evidence.certificateNo'), draft.certificateNo, (v) =>
            setDraft((x) => ({ ...x, certificateNo: v })),
          )}
          {fileInput}
        </>
      )}
      {c.evidenceKind === 'document' && (
        <>
          {fileInput}
          {field('reference', t('disbursement.evidence.reference'), draft.reference, (v) =>
            setDraft((x) => ({ ...x, reference: v })),
          )}
          {field('note', t('disbursement.evidence.note'), draft.note, (v) => setDraft((x) => ({ ...x, note: v })), {
            multiline: true,
          })}
        </>
      )}
      {c.evidenceKind === 'account' &&
        field(
          'account',
          t('disbursement.evidence.settlementAccount'),
          draft.account,
          (v) => setDraft((x) => ({ ...x, account: v })),
          { inputMode: 'numeric', hint: t('disbursement.evidence.accountHint') },
        )}
      {(attempted || Object.keys(ready.fields).length === 0) && <ProblemList problems={ready.problems} />}
      <div className="disb-actions">
        <button type="submit" disabled={record.isPending} data-testid={`evidence-save-${c.index}`}>
          {record.isPending ? t('disbursement.evidence.recording') : t('disbursement.evidence.record')}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('disbursement.evidence.cancel')}
          </button>
        )}
      </div>
      {record.error && <p role="alert">{problemMessage(record.error, t)}</p>}
    </form>
  );
}

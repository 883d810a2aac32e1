/**
 * The approval's conditions (放款条件) as items: each with its type, its parameters (payee, collateral,
 * guarantor) and free text. The items the case requires (shared/credit/required-conditions.ts, the bank
 * API's own rule) come pre-filled and marked; one is removable only while another item meets the same
 * requirement. Keyboard-first: every control is a labelled native input, select or button in tab order;
 * adding an item moves focus to its first field; each error stands beside its field.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationDetail } from '../../../shared/api/applications';
import { groupAmountsInText } from '../../../shared/credit/describe';
import { LOAN_CONDITION_TYPES, type LoanConditionType } from '../../../shared/credit/loan-conditions';
import {
  type ConditionDraft,
  type DecisionForm,
  emptyCondition,
  type FieldError,
  type FormErrors,
  MAX_CONDITIONS,
  requiredItem,
} from './decision-form';

interface Props {
  d: ApplicationDetail;
  form: DecisionForm;
  errors: FormErrors;
  update: (patch: Partial<DecisionForm>) => void;
}

function ItemError({ id, error }: { id: string; error: FieldError | undefined }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <span id={`${id}-err`} className="field-error" role="alert" data-testid={`${id}-error`}>
      {groupAmountsInText(t(`conditions.errors.${error.key}`, error.params))}
    </span>
  );
}

/** One labelled text input of an item, with its error beside it. */
function ItemInput({
  id,
  label,
  value,
  error,
  onChange,
  inputRef,
  multiline,
}: {
  id: string;
  label: string;
  value: string;
  error: FieldError | undefined;
  onChange: (v: string) => void;
  inputRef?: React.Ref<HTMLInputElement>;
  multiline?: boolean;
}) {
  const a11y = { id, 'aria-invalid': !!error, ...(error ? { 'aria-describedby': `${id}-err` } : {}) };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...a11y} rows={2} value={value} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...a11y} ref={inputRef} value={value} onChange={(e) => onChange(e.target.value)} />
      )}
      <ItemError id={id} error={error} />
    </div>
  );
}

export function ConditionsEditor({ d, form, errors, update }: Props) {
  const { t } = useTranslation();
  const [addType, setAddType] = useState<LoanConditionType>('entrusted_payment');
  const focusIndex = useRef<number | null>(null);
  const firstInputs = useRef<Map<number, HTMLInputElement | null>>(new Map());
  const items = form.conditions;
  useEffect(() => {
    const i = focusIndex.current;
    if (i === null) return;
    focusIndex.current = null;
    firstInputs.current.get(i)?.focus();
  });
  const set = (i: number, patch: Partial<ConditionDraft>) =>
    update({ conditions: items.map((c, k) => (k === i ? { ...c, ...patch } : c)) });
  const remove = (i: number) => update({ conditions: items.filter((_, k) => k !== i) });
  const add = () => {
    focusIndex.current = items.length;
    update({ conditions: [...items, emptyCondition(addType)] });
  };
  const err = (i: number, field: string) => errors.cond?.[`${i}.${field}`];
  const listError = errors.conditions;
  return (
    <fieldset
      className="conditions-editor"
      data-testid="conditions-editor"
      aria-invalid={!!listError}
      aria-describedby={listError ? 'f-conditions-err' : 'f-conditions-hint'}
    >
      <legend>{t('conditions.legend')}</legend>
      <p id="f-conditions-hint" className="muted">
        {t('conditions.hint')}
      </p>
      {items.length === 0 && <p className="muted">{t('conditions.none')}</p>}
      <ol className="condition-items">
        {items.map((c, i) => {
          const name = t(`conditions.types.${c.type}`);
          const required = requiredItem(d, form, i);
          const id = `f-cond-${i}`;
          const firstRef = (el: HTMLInputElement | null) => {
            firstInputs.current.set(i, el);
          };
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: items have no identity of their own; order is the identity
            <li key={i} className="condition-item" data-testid={`condition-${i}`} data-type={c.type}>
              <div className="condition-head">
                <strong id={`${id}-name`}>{t('conditions.item', { n: i + 1, name })}</strong>
                {required ? (
                  <span className="badge" title={t('conditions.requiredWhy')} data-testid={`condition-${i}-required`}>
                    {t('conditions.required')}
                  </span>
                ) : (
                  <button
                    type="button"
                    className="link"
                    aria-label={t('conditions.removeLabel', { n: i + 1, name })}
                    onClick={() => remove(i)}
                    data-testid={`condition-${i}-remove`}
                  >
                    {t('conditions.remove')}
                  </button>
                )}
              </div>
              {c.type === 'guarantee_signed' && (
                <ItemInput
                  id={`${id}-guarantor`}
                  label={t('conditions.guarantor')}
                  value={c.guarantor}
                  error={err(i, 'guarantor')}
                  onChange={(v) => set(i, { guarantor: v })}
                  inputRef={firstRef}
                />
              )}
              {c.type === 'mortgage_registration' && (
                <ItemInput
                  id={`${id}-collateral`}
                  label={t('conditions.collateral')}
                  value={c.collateral}
                  error={err(i, 'collateral')}
                  onChange={(v) => set(i, { collateral: v })}
                  inputRef={firstRef}
                />
              )}
              {c.type === 'entrusted_payment' && (
                <ItemInput
                  id={`${id}-payee`}
                  label={t('conditions.payeeName')}
                  value={c.payeeName}
                  error={err(i, 'payeeName')}
                  onChange={(v) => set(i, { payeeName: v })}
                  inputRef={firstRef}
                />
              )}
              {c.type === 'other' ? (
                <ItemInput
                  id={`${id}-text`}
                  label={t('conditions.text')}
                  value={c.text}
                  error={err(i, 'text')}
                  onChange={(v) => set(i, { text: v })}
                  inputRef={firstRef}
                />
              ) : (
                <ItemInput
                  id={`${id}-note`}
                  label={t('conditions.note')}
                  value={c.text}
                  error={err(i, 'text')}
                  onChange={(v) => set(i, { text: v })}
                  {...(c.type === 'settlement_account' ? { inputRef: firstRef } : {})}
                />
              )}
            </li>
          );
        })}
      </ol>
      <div className="condition-add">
        <label htmlFor="f-cond-add-type">{t('conditions.addType')}</label>
        <select id="f-cond-add-type" value={addType} onChange={(e) => setAddType(e.target.value as LoanConditionType)}>
          {LOAN_CONDITION_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`conditions.types.${type}`)}
            </option>
          ))}
        </select>
        <button type="button" onClick={add} disabled={items.length >= MAX_CONDITIONS} data-testid="condition-add">
          {t('conditions.add')}
        </button>
      </div>
      {listError && (
        <span id="f-conditions-err" className="field-error" role="alert" data-testid="f-conditions-error">
          {groupAmountsInText(t(`conditions.errors.${listError.key}`, listError.params))}
        </span>
      )}
    </fieldset>
  );
}

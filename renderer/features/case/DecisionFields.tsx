import { useTranslation } from 'react-i18next';
import type { ApplicationDetail } from '../../../shared/api/applications';
import type { User } from '../../../shared/api/auth';
import { groupAmountsInText, reasonText } from '../../../shared/credit/describe';
import { findProduct } from '../../../shared/credit/products';
import { langOf, withoutBase } from '../../format';
import { ConditionsEditor } from './ConditionsEditor';
import {
  type DecisionForm,
  type FieldError,
  type FormErrors,
  pricingBeyondUser,
  STANDARD_DECLINE_REASONS,
} from './decision-form';
import { modelReasons } from './labels';

type Update = (patch: Partial<DecisionForm>) => void;

/** One labelled field with its specific error, tied together for screen readers. */
function Field({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error: FieldError | undefined;
  children: (a11y: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': !!error, ...(error ? { 'aria-describedby': `${id}-err` } : {}) })}
      {error && (
        <span id={`${id}-err`} className="field-error" role="alert" data-testid={`${id}-error`}>
          {groupAmountsInText(t(`decision.errors.${error.key}`, error.params))}
        </span>
      )}
    </div>
  );
}

function toggle(list: string[], v: string, on: boolean) {
  return on ? [...list.filter((x) => x !== v), v] : list.filter((x) => x !== v);
}

interface FieldsProps {
  d: ApplicationDetail;
  user?: User;
  form: DecisionForm;
  errors: FormErrors;
  update: Update;
  /** The comment field, shared by the actions that take one. */
  comment: React.ReactNode;
}

/** The form's fields for the chosen action: each action its own small component. */
export function DecisionFields({
  d,
  user,
  form,
  errors,
  update,
}: {
  d: ApplicationDetail;
  user?: User;
  form: DecisionForm;
  errors: FormErrors;
  update: Update;
}) {
  const { t } = useTranslation();
  const comment = (
    <Field id="f-comment" label={t('decision.comment')} error={errors.comment}>
      {(a) => <textarea {...a} rows={2} value={form.comment} onChange={(e) => update({ comment: e.target.value })} />}
    </Field>
  );
  const props: FieldsProps = { d, user, form, errors, update, comment };
  switch (form.action) {
    case 'approve':
      return <ApproveFields {...props} />;
    case 'decline':
      return <DeclineFields {...props} />;
    case 'return':
      return <ReturnFields {...props} />;
    case 'escalate':
      return <EscalateFields {...props} />;
    case 'vote':
      return <VoteFields {...props} />;
  }
}

/**
 * A rate beyond the user's pricing authority (定价授权): why, and the way on — send it as a pricing
 * exception to whoever may grant it (a senior approver or the committee), with a reason.
 */
function PricingException({ d, user, form, errors, update }: FieldsProps) {
  const { t, i18n } = useTranslation();
  const beyond = user ? pricingBeyondUser(d, user, form) : null;
  if (!beyond) return null;
  const who = t(`decision.escalateTargets.${beyond.grant === 'committee' ? 'committee' : 'senior_approver'}`);
  return (
    <div className="note warn" data-testid="pricing-exception">
      <p>{langOf(i18n.language) === 'en' ? beyond.reason.en : beyond.reason.zh}</p>
      <label>
        <input
          type="checkbox"
          checked={form.pricingException}
          onChange={(e) => update({ pricingException: e.target.checked })}
          data-testid="pricing-exception-toggle"
        />
        {t('decision.pricingExceptionAsk', { who })}
      </label>
      {form.pricingException && (
        <Field id="f-pricing-reason" label={t('decision.pricingReason')} error={errors.pricingReason}>
          {(a) => (
            <textarea
              {...a}
              rows={2}
              value={form.pricingReason}
              onChange={(e) => update({ pricingReason: e.target.value })}
            />
          )}
        </Field>
      )}
    </div>
  );
}

function ApproveFields(props: FieldsProps) {
  const { d, form, errors, update, comment } = props;
  const { t } = useTranslation();
  const product = findProduct(d.productCode);
  return (
    <>
      <Field id="f-amount" label={t('decision.amount')} error={errors.amount}>
        {(a) => (
          <input {...a} inputMode="decimal" value={form.amount} onChange={(e) => update({ amount: e.target.value })} />
        )}
      </Field>
      <Field id="f-rate" label={t('decision.rate')} error={errors.rate}>
        {(a) => (
          <input {...a} inputMode="decimal" value={form.rate} onChange={(e) => update({ rate: e.target.value })} />
        )}
      </Field>
      <PricingException {...props} />
      <Field id="f-term" label={t('decision.term')} error={errors.term}>
        {(a) => (
          <input {...a} inputMode="numeric" value={form.term} onChange={(e) => update({ term: e.target.value })} />
        )}
      </Field>
      <Field id="f-method" label={t('decision.method')} error={errors.method}>
        {(a) => (
          <select {...a} value={form.method} onChange={(e) => update({ method: e.target.value })}>
            {(product?.repaymentMethods ?? ['equal_installment', 'equal_principal', 'interest_first']).map((m) => (
              <option key={m} value={m}>
                {t(`method.${m}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <ConditionsEditor d={d} form={form} errors={errors} update={update} />
      <Field id="f-other" label={t('decision.otherConditions')} error={errors.otherConditions}>
        {(a) => (
          <textarea
            {...a}
            rows={2}
            value={form.otherConditions}
            onChange={(e) => update({ otherConditions: e.target.value })}
          />
        )}
      </Field>
      {comment}
    </>
  );
}

function DeclineFields({ d, form, errors, update, comment }: FieldsProps) {
  const { t, i18n } = useTranslation();
  const reasons = modelReasons(d);
  const noBase = withoutBase(d.profile);
  return (
    <>
      <fieldset
        className="checks"
        aria-invalid={!!errors.reasons}
        aria-describedby={errors.reasons ? 'f-reasons-error' : undefined}
      >
        <legend>{t('decision.reasonCodes')}</legend>
        {reasons.map((r) => (
          <label key={r.code}>
            <input
              type="checkbox"
              checked={form.reasons.includes(r.code)}
              onChange={(e) => update({ reasons: toggle(form.reasons, r.code, e.target.checked) })}
              data-testid={`reason-${r.code}`}
            />
            {reasonText(r, langOf(i18n.language), noBase)}
          </label>
        ))}
        {STANDARD_DECLINE_REASONS.map((c) => (
          <label key={c}>
            <input
              type="checkbox"
              checked={form.reasons.includes(c)}
              onChange={(e) => update({ reasons: toggle(form.reasons, c, e.target.checked) })}
              data-testid={`reason-${c}`}
            />
            {t(`decision.standardReasons.${c}`)}
          </label>
        ))}
        {errors.reasons && (
          <span id="f-reasons-error" className="field-error" role="alert" data-testid="f-reasons-error">
            {t(`decision.errors.${errors.reasons.key}`)}
          </span>
        )}
      </fieldset>
      {comment}
    </>
  );
}

function ReturnFields({ d, form, errors, update, comment }: FieldsProps) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <fieldset className="checks" aria-invalid={!!errors.items}>
        <legend>{t('decision.items')}</legend>
        {d.checklist.map((c) => {
          const code = String(c.code);
          return (
            <label key={code}>
              <input
                type="checkbox"
                checked={form.items.includes(code)}
                onChange={(e) => update({ items: toggle(form.items, code, e.target.checked) })}
                data-testid={`item-${code}`}
              />
              {String(i18n.language === 'en' ? (c.nameEn ?? c.name) : c.name)}
            </label>
          );
        })}
        {errors.items && (
          <span className="field-error" role="alert" data-testid="f-items-error">
            {t(`decision.errors.${errors.items.key}`)}
          </span>
        )}
      </fieldset>
      {comment}
    </>
  );
}

function EscalateFields({ form, errors, update }: FieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <Field id="f-to" label={t('decision.escalateTo')} error={undefined}>
        {(a) => (
          <select
            {...a}
            value={form.escalateTo}
            onChange={(e) => update({ escalateTo: e.target.value as DecisionForm['escalateTo'] })}
          >
            <option value="committee">{t('decision.escalateTargets.committee')}</option>
            <option value="senior_approver">{t('decision.escalateTargets.senior_approver')}</option>
          </select>
        )}
      </Field>
      <Field id="f-escalate-reason" label={t('decision.escalateReason')} error={errors.escalateReason}>
        {(a) => (
          <textarea
            {...a}
            rows={3}
            value={form.escalateReason}
            onChange={(e) => update({ escalateReason: e.target.value })}
          />
        )}
      </Field>
    </>
  );
}

function VoteFields({ form, update, comment }: FieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <fieldset className="checks">
        <legend>{t('decision.vote')}</legend>
        {(['approve', 'decline'] as const).map((v) => (
          <label key={v}>
            <input
              type="radio"
              name="vote"
              checked={form.vote === v}
              onChange={() => update({ vote: v })}
              data-testid={`vote-${v}`}
            />
            {t(`decision.votes.${v}`)}
          </label>
        ))}
      </fieldset>
      {comment}
    </>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleSetDetail, UpdateRuleSetDraft } from '../../../shared/api/rule-sets';
import { GRADES, type Grade } from '../../../shared/credit/grades';
import { errorMessage } from '../../i18n';
import { useUpdateDraft } from './queries';

type Body = Omit<RuleSetDetail['data'], 'version'> & { note: string };
type Rule = Body['admission'][number];
type Routing = Body['routing'];

const SYMBOL: Record<Rule['operator'], string> = {
  gte: '≥',
  lte: '≤',
  gt: '>',
  lt: '<',
  eq: '=',
  in: '∈',
  notIn: '∉',
  startsWithAny: '⊃',
};

const bodyOf = (d: RuleSetDetail): Body => {
  const { version: _v, ...rest } = d.data;
  return { ...rest, note: d.note };
};

/**
 * The draft's parameters as a form — thresholds, lists, lane limits, grades, pricing bands — never a raw
 * JSON box. Read-only unless the user is the author of a draft. The bank API validates what is saved.
 */
export function DraftEditor({ detail, editable, today }: { detail: RuleSetDetail; editable: boolean; today: string }) {
  const { t, i18n } = useTranslation();
  const [body, setBody] = useState<Body>(() => bodyOf(detail));
  const save = useUpdateDraft();
  const en = i18n.language === 'en';

  const setRule = (list: 'admission' | 'negativeList', i: number, value: Rule['value']) =>
    setBody((b) => ({ ...b, [list]: b[list].map((r, j) => (j === i ? { ...r, value } : r)) }));
  const setRouting = <K extends keyof Routing>(k: K, v: Routing[K]) =>
    setBody((b) => ({ ...b, routing: { ...b.routing, [k]: v } }));

  const ruleRows = (list: 'admission' | 'negativeList') => (
    <table className="rules-table" data-testid={`rules-editor-${list}`}>
      <thead>
        <tr>
          <th scope="col">{t('rules.editor.rule')}</th>
          <th scope="col">{t('rules.editor.fact')}</th>
          <th scope="col">{t('rules.editor.threshold')}</th>
        </tr>
      </thead>
      <tbody>
        {body[list].map((r, i) => (
          <tr key={r.id}>
            <td>{en ? r.text.en : r.text.zh}</td>
            <td>{t(`rules.facts.${r.fact}`)}</td>
            <td>
              <RuleInput rule={r} editable={editable} onChange={(v) => setRule(list, i, v)} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );

  const money = (k: 'instantMaxAmount' | 'fastMaxAmount' | 'committeeMinAmount') => (
    <label className="rules-field">
      {t(`rules.editor.${k}`)}
      <input
        type="text"
        inputMode="decimal"
        value={body.routing[k]}
        readOnly={!editable}
        data-testid={`rules-routing-${k}`}
        onChange={(e) => setRouting(k, e.target.value)}
      />
    </label>
  );
  const percent = (k: 'instantMinCompleteness' | 'fastMinCompleteness') => (
    <label className="rules-field">
      {t(`rules.editor.${k}`)}
      <input
        type="number"
        value={Number.isNaN(body.routing[k]) ? '' : body.routing[k]}
        readOnly={!editable}
        data-testid={`rules-routing-${k}`}
        onChange={(e) => setRouting(k, e.target.value === '' ? Number.NaN : Number(e.target.value))}
      />
    </label>
  );
  const grades = (k: 'instantGrades' | 'fastGrades' | 'committeeGrades') => (
    <fieldset className="rules-field">
      <legend>{t(`rules.editor.${k}`)}</legend>
      {GRADES.map((g) => (
        <label key={g} className="rules-grade">
          <input
            type="checkbox"
            checked={body.routing[k].includes(g)}
            disabled={!editable}
            data-testid={`rules-routing-${k}-${g}`}
            onChange={(e) =>
              setRouting(
                k,
                e.target.checked
                  ? GRADES.filter((x) => x === g || body.routing[k].includes(x))
                  : body.routing[k].filter((x: Grade) => x !== g),
              )
            }
          />
          {g}
        </label>
      ))}
    </fieldset>
  );
  const bp = (k: 'approverDiscountBp' | 'seniorDiscountBp') => (
    <label className="rules-field">
      {t(`rules.editor.${k}`)}
      <input
        type="number"
        value={Number.isNaN(body.pricingAuthority[k]) ? '' : body.pricingAuthority[k]}
        readOnly={!editable}
        data-testid={`rules-pricing-${k}`}
        onChange={(e) =>
          setBody((b) => ({
            ...b,
            pricingAuthority: {
              ...b.pricingAuthority,
              [k]: e.target.value === '' ? Number.NaN : Number(e.target.value),
            },
          }))
        }
      />
    </label>
  );

  const onSave = (e: React.FormEvent) => {
    e.preventDefault();
    const draft: UpdateRuleSetDraft = body;
    save.mutate({ version: detail.version, draft });
  };

  return (
    <form className="rules-editor" onSubmit={onSave} aria-labelledby="rules-editor-heading">
      <h4 id="rules-editor-heading">{t('rules.editor.heading')}</h4>
      <label className="rules-field">
        {t('rules.editor.effectiveFrom')}
        <input
          type="date"
          value={body.effectiveFrom}
          min={today || undefined}
          readOnly={!editable}
          data-testid="rules-effective-from"
          onChange={(e) => setBody((b) => ({ ...b, effectiveFrom: e.target.value }))}
        />
      </label>
      <label className="rules-field">
        {t('rules.note')}
        <input
          type="text"
          value={body.note}
          maxLength={500}
          readOnly={!editable}
          data-testid="rules-note"
          onChange={(e) => setBody((b) => ({ ...b, note: e.target.value }))}
        />
      </label>
      <h5>{t('rules.editor.admission')}</h5>
      {ruleRows('admission')}
      <h5>{t('rules.editor.negativeList')}</h5>
      {ruleRows('negativeList')}
      <h5>{t('rules.editor.routing')}</h5>
      <div className="rules-grid">
        {money('instantMaxAmount')}
        {percent('instantMinCompleteness')}
        {grades('instantGrades')}
        {money('fastMaxAmount')}
        {percent('fastMinCompleteness')}
        {grades('fastGrades')}
        {money('committeeMinAmount')}
        {grades('committeeGrades')}
      </div>
      <h5>{t('rules.editor.pricing')}</h5>
      <div className="rules-grid">
        {bp('approverDiscountBp')}
        {bp('seniorDiscountBp')}
      </div>
      {editable && (
        <p>
          <button type="submit" data-testid="rules-save" disabled={save.isPending}>
            {save.isPending ? t('rules.editor.saving') : t('rules.editor.save')}
          </button>
        </p>
      )}
      {save.error && (
        <p role="alert" data-testid="rules-save-error">
          {errorMessage(save.error)}
        </p>
      )}
      {save.isSuccess && !save.error && (
        <p role="status" data-testid="rules-saved">
          {t('rules.editor.saved')}
        </p>
      )}
    </form>
  );
}

/** A threshold: a number, a comma-separated list of codes, or a fixed yes/no or code shown as it is. */
function RuleInput({
  rule,
  editable,
  onChange,
}: {
  rule: Rule;
  editable: boolean;
  onChange: (v: Rule['value']) => void;
}) {
  const { t } = useTranslation();
  const sym = SYMBOL[rule.operator];
  const v = rule.value;
  if (typeof v === 'number') {
    return (
      <label>
        <span aria-hidden="true">{sym} </span>
        <input
          type="number"
          aria-label={`${rule.id} ${sym}`}
          value={Number.isNaN(v) ? '' : v}
          readOnly={!editable}
          data-testid={`rules-threshold-${rule.id}`}
          onChange={(e) => onChange(e.target.value === '' ? Number.NaN : Number(e.target.value))}
        />
      </label>
    );
  }
  if (Array.isArray(v)) {
    return (
      <label>
        <span aria-hidden="true">{sym} </span>
        <input
          type="text"
          aria-label={`${rule.id} ${sym}`}
          title={t('rules.editor.listHint')}
          value={v.join(',')}
          readOnly={!editable}
          data-testid={`rules-threshold-${rule.id}`}
          onChange={(e) =>
            onChange(
              e.target.value
                .split(/[,，\s]+/)
                .map((s) => s.trim())
                .filter(Boolean),
            )
          }
        />
      </label>
    );
  }
  return (
    <span data-testid={`rules-threshold-${rule.id}`}>
      {sym} {typeof v === 'boolean' ? t(v ? 'rules.editor.yes' : 'rules.editor.no') : v}
    </span>
  );
}

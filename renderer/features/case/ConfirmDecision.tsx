import type { TFunction } from 'i18next';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationDetail, DecisionRequest } from '../../../shared/api/applications';
import { langOf, percent, yuan } from '../../format';
import { storedConditionWords } from './condition-words';
import { checklistItemName, declineReasonText } from './labels';

/** The confirm step: the decision summarised as it will be recorded, then confirm or cancel. */
export function ConfirmDecision({
  dialogRef,
  open,
  d,
  request,
  pending,
  onConfirm,
  onCancel,
}: {
  dialogRef: RefObject<HTMLDialogElement | null>;
  open: boolean;
  d: ApplicationDetail;
  request: DecisionRequest | null;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <dialog
      ref={dialogRef}
      className="confirm"
      aria-labelledby="confirm-h"
      onClose={onCancel}
      data-testid="confirm-dialog"
    >
      <h3 id="confirm-h">{t('decision.confirmHeading')}</h3>
      <p>{t('decision.confirmIntro')}</p>
      {open && <Summary d={d} request={request} />}
      <div className="form-actions">
        <button type="button" onClick={onConfirm} disabled={pending} data-testid="confirm-submit">
          {pending ? t('decision.submitting') : t('decision.confirm')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('decision.cancel')}
        </button>
      </div>
    </dialog>
  );
}

/** The rows of the summary: the action, the case, and what this action records. */
function summaryRows(
  d: ApplicationDetail,
  request: DecisionRequest,
  t: TFunction,
  language: string,
): [string, string][] {
  const lang = langOf(language);
  const sep = lang === 'en' ? '; ' : '、';
  const rows: [string, string][] = [[t('decision.actionsLabel'), t(`decision.action.${request.action}`)]];
  rows.push([
    t('case.heading', { name: d.enterpriseName, id: d.id }),
    `${t(`product.${d.productCode}`, { defaultValue: d.productCode })} · ${yuan(d.amount, language)}`,
  ]);
  if (request.action === 'approve') {
    rows.push([t('decision.amountLabel'), yuan(request.amount, language)]);
    rows.push([t('decision.rateLabel'), percent(request.annualRate)]);
    rows.push([t('decision.termLabel'), t('case.months', { n: request.termMonths })]);
    rows.push([t('decision.method'), t(`method.${request.repaymentMethod}`)]);
    if (request.conditions?.length)
      rows.push([
        t('conditions.legend'),
        request.conditions.map((c, i) => `${i + 1}. ${storedConditionWords(c, t)}`).join(lang === 'en' ? '; ' : '；'),
      ]);
  }
  if (request.action === 'decline')
    rows.push([t('decision.reasonCodes'), request.reasonCodes.map((c) => declineReasonText(c, d, t, lang)).join(sep)]);
  if (request.action === 'return')
    rows.push([t('decision.items'), request.items.map((c) => checklistItemName(c, d, lang)).join(sep)]);
  if (request.action === 'escalate') {
    rows.push([t('decision.escalateTo'), t(`decision.escalateTargets.${request.to ?? 'committee'}`)]);
    rows.push([t('decision.escalateReason'), request.reason]);
  }
  if (request.action === 'vote') rows.push([t('decision.vote'), t(`decision.votes.${request.vote}`)]);
  if ('comment' in request && request.comment) rows.push([t('decision.comment'), request.comment]);
  return rows;
}

function Summary({ d, request }: { d: ApplicationDetail; request: DecisionRequest | null }) {
  const { t, i18n } = useTranslation();
  if (!request) return null;
  return (
    <dl className="facts" data-testid="confirm-summary">
      {summaryRows(d, request, t, i18n.language).map(([k, v]) => (
        <div key={k} className="fact-row">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

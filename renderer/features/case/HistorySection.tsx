import { useTranslation } from 'react-i18next';
import type { ApplicationDetail } from '../../../shared/api/applications';
import { formatInstant, langOf, percent, yuan } from '../../format';
import { errorMessage } from '../../i18n';
import { storedConditionWords } from './condition-words';
import { checklistItemName, declineReasonText } from './labels';
import { useMemoDownload } from './memo';

/** Statuses a final decision leaves a case in: that entry of the history links the credit memo. */
const FINAL = new Set(['approved', 'declined', 'auto_approved', 'auto_declined']);

/** Fields of a history payload worth showing, in this order, each with its label and its value in words. */
const SHOWN = [
  'amount',
  'annualRate',
  'termMonths',
  'repaymentMethod',
  'vote',
  'to',
  'reason',
  'reasonCodes',
  'items',
  'conditions',
  'comment',
  'addresseeRole',
  'addressee',
] as const;

export function HistorySection({ d }: { d: ApplicationDetail }) {
  const { t, i18n } = useTranslation();
  const memo = useMemoDownload();
  const lang = langOf(i18n.language);
  // The last move into a decided status is the final decision (the memo is written from it).
  const finalId = d.history.findLast((h) => h.action !== 'note' && FINAL.has(h.toStatus))?.id;
  const sep = lang === 'en' ? '; ' : '、';
  const list = (v: unknown) => (Array.isArray(v) ? (v as unknown[]).map(String) : []);
  /** A payload value as a person reads it (plain text: React escapes it, script stays inert). */
  const value = (k: (typeof SHOWN)[number], v: unknown): string | null => {
    if (v === undefined || v === null || v === '') return null;
    switch (k) {
      case 'amount':
        return yuan(String(v), i18n.language);
      case 'annualRate':
        return percent(String(v));
      case 'termMonths':
        return t('case.months', { n: v });
      case 'repaymentMethod':
        return t(`method.${String(v)}`, { defaultValue: String(v) });
      case 'vote':
        return t(`decision.votes.${String(v)}`, { defaultValue: String(v) });
      case 'to':
        return t(`decision.escalateTargets.${String(v)}`, { defaultValue: String(v) });
      case 'addresseeRole':
        return t(`roles.${String(v)}`, { defaultValue: '' }) || null;
      case 'reasonCodes':
        return (
          list(v)
            .map((c) => declineReasonText(c, d, t, lang))
            .join(sep) || null
        );
      case 'items':
        return (
          list(v)
            .map((c) => checklistItemName(c, d, lang))
            .join(sep) || null
        );
      case 'conditions':
        return (
          (Array.isArray(v) ? v : [])
            .map((c) => storedConditionWords(c, t))
            .filter(Boolean)
            .join(lang === 'en' ? '; ' : '；') || null
        );
      default:
        return typeof v === 'object' ? null : String(v);
    }
  };
  return (
    <section className="card" aria-labelledby="hist-h" data-testid="case-history">
      <h3 id="hist-h">{t('case.history')}</h3>
      {d.history.length === 0 ? (
        <p className="muted">{t('case.historyEmpty')}</p>
      ) : (
        <ol className="history">
          {d.history.map((h) => {
            const p = h.payload;
            return (
              <li key={h.id}>
                <time dateTime={h.at}>{formatInstant(h.at, i18n.language)}</time>{' '}
                <strong>{t(`case.actions.${h.action}`, { defaultValue: h.action })}</strong>{' '}
                {h.action !== 'note' && (
                  <span className="muted">
                    {t(`status.${h.fromStatus}`)} → {t(`status.${h.toStatus}`)}
                  </span>
                )}{' '}
                <span>
                  {t('case.actor')}: {h.actorName ?? t('case.system')}
                </span>
                <div className="history-detail">
                  {SHOWN.map((k) => [k, value(k, p[k])] as const)
                    .filter(([, v]) => v !== null)
                    .map(([k, v]) => (
                      <span key={k} className="kv">
                        {t(`case.historyFields.${k}`)}
                        {lang === 'en' ? ': ' : '：'}
                        {v}
                      </span>
                    ))}
                </div>
                {h.id === finalId && (
                  <div className="history-memo">
                    <button
                      type="button"
                      className="link"
                      data-testid="case-memo"
                      disabled={memo.isPending}
                      onClick={() => memo.mutate(d.id)}
                    >
                      {memo.isPending ? t('case.memo.opening') : t('case.memo.open')}
                    </button>
                    {memo.isSuccess && (
                      <span role="status" className="muted">
                        {' '}
                        {t('case.memo.saved', { file: memo.data })}
                      </span>
                    )}
                    {memo.isError && <p role="alert">{t('case.memo.failed', { message: errorMessage(memo.error) })}</p>}
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

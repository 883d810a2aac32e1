import { useTranslation } from 'react-i18next';
import type { ApplicationDetail } from '../../../shared/api/applications';
import { formatInstant } from '../queue/format';

/** Text fields of a history payload worth showing, as plain text (React escapes them: script stays inert). */
const SHOWN = ['amount', 'annualRate', 'termMonths', 'vote', 'reason', 'comment', 'to'] as const;

export function HistorySection({ d }: { d: ApplicationDetail }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card" aria-labelledby="hist-h" data-testid="case-history">
      <h3 id="hist-h">{t('case.history')}</h3>
      {d.history.length === 0 ? (
        <p className="muted">{t('case.historyEmpty')}</p>
      ) : (
        <ol className="history">
          {d.history.map((h) => {
            const p = h.payload;
            const lists = ['reasonCodes', 'items', 'conditions']
              .map((k) => (Array.isArray(p[k]) ? (p[k] as unknown[]).map(String).join('、') : null))
              .filter(Boolean);
            return (
              <li key={h.id}>
                <time dateTime={h.at}>{formatInstant(h.at, i18n.language)}</time>{' '}
                <strong>{t(`case.actions.${h.action}`, { defaultValue: h.action })}</strong>{' '}
                <span className="muted">
                  {t(`status.${h.fromStatus}`)} → {t(`status.${h.toStatus}`)}
                </span>{' '}
                <span>
                  {t('case.actor')}: {h.actorName ?? t('case.system')}
                </span>
                <div className="history-detail">
                  {SHOWN.filter((k) => p[k] !== undefined && p[k] !== null && p[k] !== '').map((k) => (
                    <span key={k} className="kv">
                      {k}: {String(p[k])}
                    </span>
                  ))}
                  {lists.map((l) => (
                    <span key={l} className="kv">
                      {l}
                    </span>
                  ))}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

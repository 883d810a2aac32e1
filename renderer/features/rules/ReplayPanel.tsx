import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplayResponse } from '../../../shared/api/rule-sets';
import { errorMessage } from '../../i18n';
import { useReplay } from './queries';

type Outcome = ReplayResponse['changes'][number]['before'];

/** Replay (回溯测试): the version over the last N decided cases — which outcomes change and why. */
export function ReplayPanel({ version }: { version: string }) {
  const { t, i18n } = useTranslation();
  const replay = useReplay();
  const [limit, setLimit] = useState(50);
  const r = replay.data;
  const en = i18n.language === 'en';
  const outcome = (o: Outcome) =>
    `${t(`rules.decision.${o.decision}`)} · ${t(`rules.tier.${o.tier}`)}${o.grade ? ` · ${o.grade}` : ''}`;
  return (
    <section className="rules-replay" aria-labelledby="rules-replay-heading">
      <h4 id="rules-replay-heading">{t('rules.replay.heading')}</h4>
      <label>
        {t('rules.replay.limit')}
        <input
          type="number"
          min={1}
          max={500}
          value={limit}
          data-testid="rules-replay-limit"
          onChange={(e) => setLimit(Number(e.target.value))}
        />
      </label>{' '}
      <button
        type="button"
        data-testid="rules-replay-run"
        disabled={replay.isPending}
        onClick={() => replay.mutate({ version, limit })}
      >
        {replay.isPending ? t('rules.replay.running') : t('rules.replay.run')}
      </button>
      {replay.error && <p role="alert">{errorMessage(replay.error)}</p>}
      {r && (
        <>
          <p role="status" data-testid="rules-replay-summary">
            {t('rules.replay.summary', {
              total: r.total,
              changed: r.changed,
              unchanged: r.unchanged,
              baseline: r.baselineVersion,
            })}
          </p>
          {r.errors.length > 0 && <p>{t('rules.replay.errors', { count: r.errors.length })}</p>}
          {r.changes.length === 0 ? (
            <p>{t('rules.replay.none')}</p>
          ) : (
            <table className="rules-table" data-testid="rules-replay-table">
              <thead>
                <tr>
                  <th scope="col">{t('rules.replay.case')}</th>
                  <th scope="col">{t('rules.replay.enterprise')}</th>
                  <th scope="col">{t('rules.replay.before')}</th>
                  <th scope="col">{t('rules.replay.after')}</th>
                  <th scope="col">{t('rules.replay.why')}</th>
                </tr>
              </thead>
              <tbody>
                {r.changes.map((c) => (
                  <tr key={c.applicationId}>
                    <td>{c.applicationId}</td>
                    <td>{c.enterpriseName}</td>
                    <td>{outcome(c.before)}</td>
                    <td>
                      <strong>{outcome(c.after)}</strong>
                    </td>
                    <td>
                      <ul>
                        {c.why.map((w) => (
                          <li key={`${c.applicationId}-${w.code}`}>{en ? w.en : w.zh}</li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleSetDetail } from '../../../shared/api/rule-sets';
import { errorMessage } from '../../i18n';
import { DraftEditor } from './DraftEditor';
import { ruleQueries, useApprove, useReject, useSubmit } from './queries';
import { ReplayPanel } from './ReplayPanel';

/** One version: what it is, its parameters (editable for its author while a draft), replay and the four eyes. */
export function VersionPanel({ version, userId, today }: { version: string; userId: string; today: string }) {
  const { t } = useTranslation();
  const q = useQuery(ruleQueries.get(version));
  if (q.error) return <p role="alert">{errorMessage(q.error)}</p>;
  if (!q.data) return <p aria-live="polite">{t('rules.loading')}</p>;
  const d = q.data;
  const editable = d.status === 'draft' && d.authorId === userId;
  return (
    <article className="rules-version" aria-labelledby="rules-version-heading" data-testid="rules-version">
      <h3 id="rules-version-heading">
        {d.version}{' '}
        <span className={`badge badge-${d.status}`} data-testid="rules-version-status">
          {t(`rules.status.${d.status}`)}
        </span>
      </h3>
      <dl className="rules-meta">
        <dt>{t('rules.col.effectiveFrom')}</dt>
        <dd>{d.effectiveFrom}</dd>
        <dt>{t('rules.col.author')}</dt>
        <dd>{d.authorName ?? '—'}</dd>
        <dt>{t('rules.col.approver')}</dt>
        <dd>{d.approverName ?? '—'}</dd>
        {d.basedOn && (
          <>
            <dt>{t('rules.note')}</dt>
            <dd>
              {d.note || '—'} · {t('rules.basedOn', { version: d.basedOn })}
            </dd>
          </>
        )}
      </dl>
      {d.rejectReason && <p role="note">{t('rules.rejectReason', { reason: d.rejectReason })}</p>}
      <Actions detail={d} userId={userId} />
      {!editable && <p className="read-only-note">{t('rules.readOnly')}</p>}
      <DraftEditor detail={d} editable={editable} today={today} />
      <ReplayPanel version={d.version} />
    </article>
  );
}

function Actions({ detail: d, userId }: { detail: RuleSetDetail; userId: string }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const approve = useApprove();
  const reject = useReject();
  const [reason, setReason] = useState('');
  const isAuthor = d.authorId === userId;
  const error = submit.error ?? approve.error ?? reject.error;
  const done = submit.data ?? approve.data ?? reject.data;
  return (
    <div className="rules-actions">
      {d.status === 'draft' && isAuthor && (
        <button
          type="button"
          data-testid="rules-submit"
          disabled={submit.isPending}
          onClick={() => submit.mutate({ version: d.version })}
        >
          {submit.isPending ? t('rules.actions.submitting') : t('rules.actions.submit')}
        </button>
      )}
      {d.status === 'pending_approval' && isAuthor && <p role="note">{t('rules.actions.awaitingSecond')}</p>}
      {d.status === 'pending_approval' && !isAuthor && (
        <>
          <p role="note">{t('rules.actions.fourEyes')}</p>
          <button
            type="button"
            data-testid="rules-approve"
            disabled={approve.isPending}
            onClick={() => approve.mutate({ version: d.version })}
          >
            {approve.isPending ? t('rules.actions.approving') : t('rules.actions.approve')}
          </button>
          <label>
            {t('rules.actions.reason')}
            <input
              type="text"
              value={reason}
              maxLength={500}
              data-testid="rules-reject-reason"
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
          <button
            type="button"
            data-testid="rules-reject"
            disabled={reject.isPending || reason.trim().length < 2}
            onClick={() => reject.mutate({ version: d.version, reason })}
          >
            {reject.isPending ? t('rules.actions.rejecting') : t('rules.actions.reject')}
          </button>
        </>
      )}
      {error && <p role="alert">{errorMessage(error)}</p>}
      {done && !error && (
        <p role="status" data-testid="rules-action-done">
          {t('rules.actions.done', { status: t(`rules.status.${done.status}`) })}
        </p>
      )}
    </div>
  );
}

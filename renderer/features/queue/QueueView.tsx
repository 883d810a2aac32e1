import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationSummary } from '../../../shared/api/applications';
import type { User } from '../../../shared/api/auth';
import { mayClaim } from '../../../shared/credit/authority';
import type { DecisionAction } from '../../../shared/workflow/status';
import { useNow } from '../../common/useNow';
import { formatInstant } from '../../format';
import { errorMessage } from '../../i18n';
import { ForceReleaseDialog } from './ForceReleaseDialog';
import { QueueLanes } from './QueueLanes';
import { QueueTable } from './QueueTable';
import { QueueToolbar } from './QueueToolbar';
import { canForceRelease } from './queue-logic';
import { ShortcutsDialog } from './ShortcutsDialog';
import { useQueueLive } from './useQueueLive';
import { useLaneRows, useQueueKeys, useQueueLayout, useRowFocus } from './useQueueView';

const DECIDING_ROLES = ['approver', 'senior_approver', 'committee'];

/**
 * The approver's queue: lanes, toolbar, the lane's rows in a virtualised table, live updates and
 * keyboard shortcuts. Its state is in useQueueView.ts (layout, rows, focus, keys).
 */
export function QueueView({
  user,
  active,
  onOpen,
  onClaim,
  onRelease,
}: {
  user: User;
  active: boolean;
  onOpen: (id: string, action?: DecisionAction) => void;
  /** The case's own claim and release (features/case), wired in by the desk (app/QueueArea). */
  onClaim: (row: ApplicationSummary) => void;
  onRelease: (row: ApplicationSummary) => void;
}) {
  const { t } = useTranslation();
  const { ready, current, change } = useQueueLayout();
  const lane = useLaneRows(current, ready, user.id);
  const { connected, fresh } = useQueueLive();
  const now = useNow();
  const [help, setHelp] = useState(false);
  const [releasing, setReleasing] = useState<ApplicationSummary | null>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const { focusedId, setFocusedId, move } = useRowFocus(lane.rows, lane.viewKey, gridRef);
  const onHelp = useCallback(() => setHelp(true), []);
  useQueueKeys({ active, help, focusedId, move, onOpen, onHelp, gridRef, searchRef });

  return (
    <section className="page queue-page" aria-labelledby="queue-heading" hidden={!active}>
      <div className="queue-title">
        <h2 id="queue-heading">{t('queue.heading')}</h2>
        <span className={`live ${connected ? 'on' : 'off'}`} role="status" data-testid="live-status">
          {connected ? t('queue.liveOn') : t('queue.liveOff')}
        </span>
        <button type="button" className="secondary" onClick={() => setHelp(true)}>
          {t('queue.shortcutsButton')} (?)
        </button>
      </div>
      <QueueLanes lane={current.lane} onLane={(l) => change({ ...current, lane: l })} roles={user.roles} />
      <QueueToolbar layout={current} onChange={change} searchRef={searchRef} />
      <QueueStatus {...lane} />
      <QueueTable
        rows={lane.rows}
        columns={current.columns.length ? current.columns : ['enterprise']}
        now={now}
        userId={user.id}
        canDecide={user.roles.some((r) => DECIDING_ROLES.includes(r))}
        mayClaim={(r) => mayClaim(user, r)}
        focusedId={focusedId}
        fresh={fresh}
        gridRef={gridRef}
        onFocusRow={setFocusedId}
        onOpen={(id) => onOpen(id)}
        onClaim={onClaim}
        onRelease={onRelease}
        onForceRelease={canForceRelease(user.roles) ? setReleasing : undefined}
        onNearEnd={lane.onNearEnd}
      />
      {help && <ShortcutsDialog onClose={() => setHelp(false)} />}
      {releasing && <ForceReleaseDialog row={releasing} onClose={() => setReleasing(null)} />}
    </section>
  );
}

/** Above the rows: stale or failed loads, how many rows are shown of those loaded and the total, loading, empty. */
function QueueStatus({
  query,
  rows,
  loaded,
  total,
  filterMs,
}: Pick<ReturnType<typeof useLaneRows>, 'query' | 'rows' | 'loaded' | 'total' | 'filterMs'>) {
  const { t, i18n } = useTranslation();
  const stale = query.isError && query.data;
  return (
    <>
      {stale && (
        <p className="banner stale" role="alert" data-testid="queue-stale">
          {t('queue.stale', { time: formatInstant(new Date(query.dataUpdatedAt).toISOString(), i18n.language) })}
        </p>
      )}
      {query.isError && !query.data && (
        <p className="banner error" role="alert" data-testid="queue-error">
          {errorMessage(query.error)}
        </p>
      )}
      <p className="queue-meta" aria-live="polite">
        <span data-testid="queue-count">{t('queue.rows', { shown: rows.length, loaded: loaded.length, total })}</span>
        {filterMs !== null && (
          <span className="muted" data-testid="filter-time">
            {t('queue.filterTime', { ms: filterMs.toFixed(1) })}
          </span>
        )}
      </p>
      {query.isPending && !query.data ? (
        <p aria-busy="true">{t('queue.loading')}</p>
      ) : rows.length === 0 ? (
        <p data-testid="queue-empty">{t('queue.empty')}</p>
      ) : null}
    </>
  );
}

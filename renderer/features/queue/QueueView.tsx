import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationSummary } from '../../../shared/api/applications';
import type { User } from '../../../shared/api/auth';
import { DEFAULT_QUEUE_LAYOUT, type QueueLayout } from '../../../shared/ipc/channels/queue';
import type { DecisionAction } from '../../../shared/workflow/status';
import { isTyping } from '../../common/keyboard';
import { useNow } from '../../common/useNow';
import { formatInstant } from '../../format';
import { errorMessage } from '../../i18n';
import { useLayoutMutation } from './mutations';
import { QueueLanes } from './QueueLanes';
import { QueueTable } from './QueueTable';
import { QueueToolbar } from './QueueToolbar';
import { queueQueries } from './queries';
import { applyView, laneQuery } from './queue-logic';
import { ShortcutsDialog } from './ShortcutsDialog';
import { useQueueLive } from './useQueueLive';

const DECIDING_ROLES = ['approver', 'senior_approver', 'committee'];
const ACTION_KEYS: Record<string, DecisionAction> = { a: 'approve', d: 'decline', r: 'return', e: 'escalate' };
/** Filters reach the bank API this long after the last key press; loaded rows are filtered at once. */
const SERVER_FILTER_DEBOUNCE_MS = 350;

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
  const { t, i18n } = useTranslation();
  const stored = useQuery(queueQueries.layout());
  const saveLayout = useLayoutMutation();
  const [layout, setLayout] = useState<QueueLayout | null>(null);
  useEffect(() => {
    if (!layout && (stored.data || stored.isError)) setLayout(stored.data ?? DEFAULT_QUEUE_LAYOUT);
  }, [stored.data, stored.isError, layout]);
  const current = layout ?? DEFAULT_QUEUE_LAYOUT;

  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const change = (next: QueueLayout) => {
    setLayout(next);
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => saveLayout.mutate(next), 300);
  };

  const [serverFilters, setServerFilters] = useState(current.filters);
  useEffect(() => {
    const h = setTimeout(() => setServerFilters(current.filters), SERVER_FILTER_DEBOUNCE_MS);
    return () => clearTimeout(h);
  }, [current.filters]);

  const query = useInfiniteQuery({
    ...queueQueries.lane(laneQuery(current.lane, current.scope, user.id, serverFilters, current.sort)),
    enabled: layout !== null,
    placeholderData: keepPreviousData,
  });
  const loaded = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const total = query.data?.pages[0]?.total ?? 0;

  const filters = useDeferredValue(current.filters);
  const [filterMs, setFilterMs] = useState<number | null>(null);
  const rows = useMemo(() => {
    const t0 = performance.now();
    const out = applyView(loaded, filters, current.sort);
    const ms = performance.now() - t0;
    queueMicrotask(() => setFilterMs(ms));
    return out;
  }, [loaded, filters, current.sort]);

  const { connected, fresh } = useQueueLive();
  const now = useNow();
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const gridRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (rows.length && (!focusedId || !rows.some((r) => r.id === focusedId))) setFocusedId(rows[0]!.id);
  }, [rows, focusedId]);

  // A new view the user asked for (lane, scope, sort, filters) starts at its top; live changes do not.
  const viewKey = JSON.stringify([current.lane, current.scope, current.sort, filters]);
  const lastView = useRef(viewKey);
  useEffect(() => {
    if (lastView.current === viewKey) return;
    lastView.current = viewKey;
    setFocusedId(rows[0]?.id ?? null);
    if (gridRef.current) gridRef.current.scrollTop = 0;
  }, [viewKey, rows]);

  const move = useCallback(
    (delta: number) => {
      if (!rows.length) return;
      const i = Math.max(
        0,
        rows.findIndex((r) => r.id === focusedId),
      );
      const next = rows[Math.min(rows.length - 1, Math.max(0, i + delta))]!;
      setFocusedId(next.id);
      gridRef.current?.focus({ preventScroll: true });
    },
    [rows, focusedId],
  );

  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || help) return;
      if (isTyping(e)) {
        if (e.key === 'Escape' && e.target === searchRef.current) gridRef.current?.focus();
        return;
      }
      if (e.key === 'j' || e.key === 'ArrowDown') move(1);
      else if (e.key === 'k' || e.key === 'ArrowUp') move(-1);
      else if (e.key === 'PageDown') move(15);
      else if (e.key === 'PageUp') move(-15);
      else if (
        e.key === 'Enter' &&
        focusedId &&
        !(e.target instanceof HTMLButtonElement || e.target instanceof HTMLAnchorElement)
      )
        onOpen(focusedId);
      else if (e.key in ACTION_KEYS && focusedId) onOpen(focusedId, ACTION_KEYS[e.key]);
      else if (e.key === '/') searchRef.current?.focus();
      else if (e.key === '?') setHelp(true);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, move, focusedId, onOpen, help]);

  const onNearEnd = useCallback(() => {
    if (query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
  }, [query]);

  const stale = query.isError && query.data;
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
      <QueueLanes lane={current.lane} onLane={(lane) => change({ ...current, lane })} />
      <QueueToolbar layout={current} onChange={change} searchRef={searchRef} />
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
      <QueueTable
        rows={rows}
        columns={current.columns.length ? current.columns : ['enterprise']}
        now={now}
        userId={user.id}
        canDecide={user.roles.some((r) => DECIDING_ROLES.includes(r))}
        focusedId={focusedId}
        fresh={fresh}
        gridRef={gridRef}
        onFocusRow={setFocusedId}
        onOpen={(id) => onOpen(id)}
        onClaim={onClaim}
        onRelease={onRelease}
        onNearEnd={onNearEnd}
      />
      {help && <ShortcutsDialog onClose={() => setHelp(false)} />}
    </section>
  );
}

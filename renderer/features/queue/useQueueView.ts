/** The queue screen's state, by concern: the layout kept per user, the lane's rows, the focused row, the keys. */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type RefObject, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { ApplicationSummary } from '../../../shared/api/applications';
import { DEFAULT_QUEUE_LAYOUT, type QueueLayout } from '../../../shared/ipc/channels/queue';
import type { DecisionAction } from '../../../shared/workflow/status';
import { isTyping } from '../../common/keyboard';
import { useLayoutMutation } from './mutations';
import { queueQueries } from './queries';
import { applyView, laneQuery } from './queue-logic';

const ACTION_KEYS: Record<string, DecisionAction> = { a: 'approve', d: 'decline', r: 'return', e: 'escalate' };
/** Filters reach the bank API this long after the last key press; loaded rows are filtered at once. */
const SERVER_FILTER_DEBOUNCE_MS = 350;
/** A layout change is kept by main this long after the last one. */
const LAYOUT_SAVE_MS = 300;

/** The layout the user left (from main), then as they change it: shown at once, kept by main shortly after. */
export function useQueueLayout() {
  const stored = useQuery(queueQueries.layout());
  const saveLayout = useLayoutMutation();
  const [layout, setLayout] = useState<QueueLayout | null>(null);
  useEffect(() => {
    if (!layout && (stored.data || stored.isError)) setLayout(stored.data ?? DEFAULT_QUEUE_LAYOUT);
  }, [stored.data, stored.isError, layout]);

  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const change = (next: QueueLayout) => {
    setLayout(next);
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => saveLayout.mutate(next), LAYOUT_SAVE_MS);
  };
  return { ready: layout !== null, current: layout ?? DEFAULT_QUEUE_LAYOUT, change };
}

/**
 * The lane's rows: pages from the bank API under the (debounced) server filters, then the client's
 * filter and sort over what is loaded, timed for the screen.
 */
export function useLaneRows(current: QueueLayout, ready: boolean, userId: string) {
  const [serverFilters, setServerFilters] = useState(current.filters);
  useEffect(() => {
    const h = setTimeout(() => setServerFilters(current.filters), SERVER_FILTER_DEBOUNCE_MS);
    return () => clearTimeout(h);
  }, [current.filters]);

  const query = useInfiniteQuery({
    ...queueQueries.lane(laneQuery(current.lane, current.scope, userId, serverFilters, current.sort)),
    enabled: ready,
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

  const onNearEnd = useCallback(() => {
    if (query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
  }, [query]);

  /** A new view the user asked for (lane, scope, sort, filters): it starts at its top; live changes do not. */
  const viewKey = JSON.stringify([current.lane, current.scope, current.sort, filters]);
  return { query, loaded, total, rows, filterMs, onNearEnd, viewKey };
}

/** The focused row: kept while it is in the view, the first row otherwise and at the top of a new view. */
export function useRowFocus(rows: ApplicationSummary[], viewKey: string, gridRef: RefObject<HTMLDivElement | null>) {
  const [focusedId, setFocusedId] = useState<string | null>(null);
  useEffect(() => {
    if (rows.length && (!focusedId || !rows.some((r) => r.id === focusedId))) setFocusedId(rows[0]!.id);
  }, [rows, focusedId]);

  const lastView = useRef(viewKey);
  useEffect(() => {
    if (lastView.current === viewKey) return;
    lastView.current = viewKey;
    setFocusedId(rows[0]?.id ?? null);
    if (gridRef.current) gridRef.current.scrollTop = 0;
  }, [viewKey, rows, gridRef]);

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
    [rows, focusedId, gridRef],
  );
  return { focusedId, setFocusedId, move };
}

/** The queue's keys while it is the active view: j/k and arrows move, Enter opens, a/d/r/e open on an action, / searches, ? helps. */
export function useQueueKeys(k: {
  active: boolean;
  help: boolean;
  focusedId: string | null;
  move: (delta: number) => void;
  onOpen: (id: string, action?: DecisionAction) => void;
  onHelp: () => void;
  gridRef: RefObject<HTMLDivElement | null>;
  searchRef: RefObject<HTMLInputElement | null>;
}) {
  const { active, help, focusedId, move, onOpen, onHelp, gridRef, searchRef } = k;
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
      else if (e.key === '?') onHelp();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, move, focusedId, onOpen, help, onHelp, gridRef, searchRef]);
}

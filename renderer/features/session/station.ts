/**
 * The shared desk in the renderer: the lock state from main (polled, and re-read whenever a call was
 * refused because the screen is locked), input reported at most every ACTIVITY_EVERY_MS, and the
 * unlock, lock-now and notification mutations. The timer itself lives in main (or the web host).
 */
import { type QueryClient, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { newerStationState, StationErrorCode, type StationState } from '../../../shared/ipc/channels/station';
import { invoke } from '../../client/workstation';
import { sessionQueries } from '../../common/session';

/** How often the lock state is read. */
export const STATE_POLL_MS = 10_000;
/** Input is reported to main at most this often. */
export const ACTIVITY_EVERY_MS = 15_000;

export const stationQueries = {
  state: () =>
    queryOptions({
      queryKey: ['session', 'station'],
      queryFn: () => invoke('station.state', {}),
      refetchInterval: STATE_POLL_MS,
      refetchIntervalInBackground: true,
      structuralSharing: (held: unknown, next: unknown) =>
        newerStationState(held as StationState | undefined, next as StationState),
    }),
};

/** Keeps what main answered, unless a newer state is already held. */
const keepNewer = (qc: QueryClient, s: StationState) =>
  qc.setQueryData<StationState>(stationQueries.state().queryKey, (held) => newerStationState(held, s));

/** Reports keys, pointer and wheel input to main, throttled; the answer refreshes the lock state. */
export function useActivityReporter(enabled: boolean) {
  const qc = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    let last = 0;
    const report = () => {
      const now = Date.now();
      if (now - last < ACTIVITY_EVERY_MS) return;
      last = now;
      void invoke('station.activity', {}).then(
        (s) => keepNewer(qc, s),
        () => {},
      );
    };
    const events = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, report, { passive: true, capture: true });
    return () => {
      for (const e of events) window.removeEventListener(e, report, { capture: true });
    };
  }, [enabled, qc]);
}

const useStationMutation = <R>(fn: (r: R) => Promise<StationState>) => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (s) => keepNewer(qc, s),
  });
};

export const useUnlockMutation = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => invoke('station.unlock', { password }),
    onSuccess: (s) => {
      keepNewer(qc, s);
      // What was refused while locked is read again.
      void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    },
    onError: () => {
      void qc.invalidateQueries({ queryKey: stationQueries.state().queryKey });
      void qc.invalidateQueries({ queryKey: sessionQueries.current().queryKey });
    },
  });
};

export const useLockNowMutation = () => useStationMutation(() => invoke('station.lock', {}));
export const useNotificationsMutation = () =>
  useStationMutation((enabled: boolean) => invoke('station.notifications.set', { enabled }));

export const useStationState = () => useQuery(stationQueries.state());

/**
 * A call refused because the screen locked (between two reads of the lock state) re-reads the state
 * at once, so the lock screen shows instead of that screen's error.
 */
export function useLockedRefusals() {
  const qc = useQueryClient();
  useEffect(() => {
    const isLocked = (e: unknown) => (e as { code?: string } | null)?.code === StationErrorCode.locked;
    const reread = () => void qc.invalidateQueries({ queryKey: stationQueries.state().queryKey });
    const unQueries = qc.getQueryCache().subscribe((ev) => {
      if (ev.type === 'updated' && ev.action.type === 'error' && isLocked(ev.action.error)) reread();
    });
    const unMutations = qc.getMutationCache().subscribe((ev) => {
      if (ev.type === 'updated' && ev.action.type === 'error' && isLocked(ev.action.error)) reread();
    });
    return () => {
      unQueries();
      unMutations();
    };
  }, [qc]);
}

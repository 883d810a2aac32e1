import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { onWorkstationEvent } from '../../client/workstation';
import { queryKeys } from '../../common/queries';
import { queueQueries } from './queries';

/** Refetches at most this often however fast events arrive (a seed or a batch can send thousands). */
export const LIVE_REFRESH_MS = 700;

/**
 * Queue changes pushed by main (bank API events): refetches the queue and counts, and the open case
 * if it changed; remembers which ids arrived new so the rows can say so. Returns whether the stream is up.
 */
export function useQueueLive() {
  const qc = useQueryClient();
  const [connected, setConnected] = useState(true);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const refresh = () => {
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        void qc.invalidateQueries({ queryKey: queueQueries.all });
      }, LIVE_REFRESH_MS);
    };
    const off = onWorkstationEvent((e) => {
      if (e.type === 'stream.status') {
        setConnected(e.connected);
        // Whatever happened while the stream was down is fetched once it is back.
        if (e.connected) refresh();
        return;
      }
      setConnected(true);
      if (e.type === 'application.created') setFresh((s) => new Set(s).add(e.id));
      void qc.invalidateQueries({ queryKey: queryKeys.caseDetail(e.id) });
      refresh();
    });
    return () => {
      off();
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [qc]);

  return { connected, fresh };
}

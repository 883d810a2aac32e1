import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { QueueLayout } from '../../../shared/ipc/channels/queue';
import { invoke } from '../../client/workstation';
import { queueQueries } from './queries';

/** Keeps the queue layout (main stores it per user); the screen shows the new layout at once. */
export function useLayoutMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (layout: QueueLayout) => invoke('queue.layout.set', layout),
    onMutate: (layout) => qc.setQueryData(queueQueries.layout().queryKey, layout),
  });
}

/** Force-releases another user's claim with a reason (senior approvers, supervisors); the queue then reloads. */
export function useForceReleaseMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: { id: string; version: number; reason: string }) => invoke('queue.forceRelease', req),
    onSettled: () => qc.invalidateQueries({ queryKey: queueQueries.all }),
  });
}

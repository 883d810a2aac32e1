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

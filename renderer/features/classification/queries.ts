import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ClassificationStatus } from '../../../shared/api/classifications';
import type { IpcRequest } from '../../../shared/ipc/contract';
import { invoke } from '../../client/workstation';

/** Query factories of 五级分类复核 (key and function together). */
export const classificationQueries = {
  all: () => ['classification'] as const,
  list: (period: string, status: ClassificationStatus | 'all', changed: boolean) =>
    queryOptions({
      queryKey: ['classification', 'list', period, status, changed],
      queryFn: () =>
        invoke('classification.list', {
          period,
          limit: 200,
          ...(status === 'all' ? {} : { status }),
          ...(changed ? { changed: 'true' as const } : {}),
        }),
      staleTime: 10_000,
    }),
};

/** The supervisor's month-end run; the list is read again afterwards. */
export function useRunMonthEnd() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: IpcRequest<'classification.run'>) => invoke('classification.run', req),
    onSettled: () => qc.invalidateQueries({ queryKey: classificationQueries.all() }),
  });
}

/** A reviewer's decision; the list is read again whatever the answer. */
export function useDecide() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: IpcRequest<'classification.decide'>) => invoke('classification.decide', req),
    onSettled: () => qc.invalidateQueries({ queryKey: classificationQueries.all() }),
  });
}

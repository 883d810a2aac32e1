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
  /** The period's month-end runs, latest first; read again every second while the latest is running. */
  runs: (period: string) =>
    queryOptions({
      queryKey: ['classification', 'runs', period],
      queryFn: () => invoke('classification.runs', { period, limit: 5 }),
      refetchInterval: (q) => (q.state.data?.runs[0]?.status === 'running' ? 1000 : false),
    }),
};

/**
 * The supervisor's month-end run: the bank API answers 202 with the run at once (or the run of this
 * period already going on); the panel then follows its progress through `runs`.
 */
export function useRunMonthEnd() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: IpcRequest<'classification.run'>) => invoke('classification.run', req),
    onSettled: (_d, _e, req) => qc.invalidateQueries({ queryKey: ['classification', 'runs', req.period] }),
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

import { queryOptions } from '@tanstack/react-query';
import type { WarningTaskView } from '../../../shared/api/warning-tasks';
import { invoke } from '../../client/workstation';

/** Query factories of 预警处置 (key and function together). */
export const warningQueries = {
  all: () => ['warnings'] as const,
  list: (view: WarningTaskView, branchId: string | null) =>
    queryOptions({
      queryKey: ['warnings', 'list', view, branchId],
      queryFn: () => invoke('warnings.list', { view, limit: 200, ...(branchId ? { branchId } : {}) }),
      staleTime: 15_000,
      refetchInterval: 60_000,
    }),
  task: (taskId: string) =>
    queryOptions({
      queryKey: ['warnings', 'task', taskId],
      queryFn: () => invoke('warnings.get', { taskId }),
      staleTime: 5_000,
    }),
};

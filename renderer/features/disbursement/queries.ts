import { queryOptions } from '@tanstack/react-query';
import { invoke } from '../../client/workstation';

export type QueueView = 'open' | 'prepared' | 'all';

/** Query factories of 放款审核 (key and function together). */
export const disbursementQueries = {
  all: () => ['disbursement'] as const,
  queue: (view: QueueView, q: string) =>
    queryOptions({
      queryKey: ['disbursement', 'queue', view, q],
      queryFn: () => invoke('disbursement.queue', { view, limit: 200, ...(q ? { q } : {}) }),
      staleTime: 15_000,
      refetchInterval: 60_000,
    }),
  case: (applicationId: string) =>
    queryOptions({
      queryKey: ['disbursement', 'case', applicationId],
      queryFn: () => invoke('disbursement.get', { applicationId }),
      staleTime: 5_000,
    }),
};

import { queryOptions } from '@tanstack/react-query';
import { invoke } from '../../client/workstation';

/** Query factories of the contract officer's screen (key and function together). */
export const contractQueries = {
  all: () => ['contracts'] as const,
  queue: (view: 'open' | 'all', q: string) =>
    queryOptions({
      queryKey: ['contracts', 'queue', view, q],
      queryFn: () => invoke('contracts.queue', { view, ...(q ? { q } : {}) }),
      staleTime: 15_000,
    }),
  preview: (applicationId: string) =>
    queryOptions({
      queryKey: ['contracts', 'preview', applicationId],
      queryFn: () => invoke('contracts.preview', { applicationId }),
      staleTime: 60_000,
    }),
  list: (applicationId: string) =>
    queryOptions({
      queryKey: ['contracts', 'list', applicationId],
      queryFn: () => invoke('contracts.list', { applicationId }),
    }),
  pdf: (documentId: string) =>
    queryOptions({
      queryKey: ['contracts', 'pdf', documentId],
      queryFn: () => invoke('contracts.pdf', { documentId }),
      // A kept PDF never changes: a regeneration is a new document.
      staleTime: Number.POSITIVE_INFINITY,
    }),
  batch: (jobId: string) =>
    queryOptions({
      queryKey: ['contracts', 'batch', jobId],
      queryFn: () => invoke('contracts.batch.status', { jobId }),
      refetchInterval: (q) => (q.state.data?.finished ? false : 400),
    }),
};

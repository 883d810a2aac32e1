import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { QueueListRequest } from '../../../shared/ipc/channels/queue';
import type { QuoteRequest } from '../../../shared/loan/quote';
import { invoke, type WorkstationError } from '../../client/workstation';

/** Transport failures (API unreachable, 5xx) are retried with backoff; refusals are not. */
export const retryTransport = (count: number, e: WorkstationError) =>
  e.status === undefined || e.status >= 500 ? count < 1000 : false;
export const backoff = (attempt: number) => Math.min(30_000, 1000 * 2 ** attempt);

/** How many pages of 500 rows a lane loads before asking the user to narrow or scroll for more. */
export const PAGE_SIZE = 500;

export const queueQueries = {
  all: ['queue'] as const,
  lane: (req: QueueListRequest) =>
    infiniteQueryOptions({
      queryKey: ['queue', 'list', req] as const,
      queryFn: ({ pageParam }) => invoke('queue.list', { ...req, ...(pageParam ? { cursor: pageParam } : {}) }),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor,
      retry: retryTransport,
      retryDelay: backoff,
      staleTime: 10_000,
    }),
  counts: () =>
    queryOptions({
      queryKey: ['queue', 'counts'] as const,
      queryFn: () => invoke('queue.counts', {}),
      retry: retryTransport,
      retryDelay: backoff,
      staleTime: 10_000,
    }),
  layout: () =>
    queryOptions({
      queryKey: ['queue-layout'] as const,
      queryFn: () => invoke('queue.layout.get', {}),
      staleTime: Number.POSITIVE_INFINITY,
    }),
};

export const caseQueries = {
  all: ['case'] as const,
  detail: (id: string) =>
    queryOptions({
      queryKey: ['case', 'detail', id] as const,
      queryFn: () => invoke('case.get', { id }),
      retry: retryTransport,
      retryDelay: backoff,
    }),
  quote: (req: QuoteRequest | null) =>
    queryOptions({
      queryKey: ['case', 'quote', req] as const,
      queryFn: () => invoke('case.quote', req!),
      enabled: req !== null,
      staleTime: Number.POSITIVE_INFINITY,
    }),
  draft: (id: string) =>
    queryOptions({
      queryKey: ['case', 'draft', id] as const,
      queryFn: () => invoke('drafts.get', { caseId: id }),
      staleTime: Number.POSITIVE_INFINITY,
    }),
};

import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { QueueListRequest } from '../../../shared/ipc/channels/queue';
import { invoke } from '../../client/workstation';
import { backoff, queryKeys, queueLayoutQuery, retryTransport } from '../../common/queries';

/** The queue (channels/queue.ts): a lane page by page, the counts per lane, the layout kept per user. */
export const queueQueries = {
  all: queryKeys.queue,
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
  layout: queueLayoutQuery,
};

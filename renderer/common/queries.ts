/**
 * What every feature's queries share: the retry policy for transport failures, and the few query keys
 * one feature touches in another's cache (a decision refetches the queue; a live event refetches a case;
 * the home page opens the queue on a layout). A feature's own queries live in its queries.ts.
 */
import { queryOptions } from '@tanstack/react-query';
import { invoke, type WorkstationError } from '../client/workstation';

/** Transport failures (API unreachable, 5xx) are retried with backoff; refusals are not. */
export const retryTransport = (count: number, e: WorkstationError) =>
  e.status === undefined || e.status >= 500 ? count < 1000 : false;
export const backoff = (attempt: number) => Math.min(30_000, 1000 * 2 ** attempt);

export const queryKeys = {
  /** Every queue query (lists, counts): refetched after any change to a case. */
  queue: ['queue'] as const,
  /** One case in full. */
  caseDetail: (id: string) => ['case', 'detail', id] as const,
};

/** The queue layout this user left (kept by main): the queue reads it, the home page sets it to open a view. */
export const queueLayoutQuery = () =>
  queryOptions({
    queryKey: ['queue-layout'] as const,
    queryFn: () => invoke('queue.layout.get', {}),
    staleTime: Number.POSITIVE_INFINITY,
  });

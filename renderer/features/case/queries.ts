import { queryOptions } from '@tanstack/react-query';
import type { QuoteRequest } from '../../../shared/loan/quote';
import { invoke } from '../../client/workstation';
import { backoff, queryKeys, retryTransport } from '../../common/queries';

/** One case (channels/case.ts): the application in full, the quote for the terms considered, the user's draft. */
export const caseQueries = {
  all: ['case'] as const,
  detail: (id: string) =>
    queryOptions({
      queryKey: queryKeys.caseDetail(id),
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

import { queryOptions } from '@tanstack/react-query';
import { invoke } from '../../client/workstation';

/** Query factories of the loan page (key and function together). */
export const loanQueries = {
  loan: (loanId: string) =>
    queryOptions({
      queryKey: ['loans', 'loan', loanId],
      queryFn: () => invoke('loans.get', { loanId }),
      staleTime: 30_000,
      retry: false,
    }),
  search: (by: { q?: string; officer?: string }) =>
    queryOptions({
      queryKey: ['loans', 'search', by.q ?? '', by.officer ?? ''],
      queryFn: () => invoke('loans.search', by),
      staleTime: 30_000,
    }),
};

import { queryOptions } from '@tanstack/react-query';
import { invoke } from '../../client/workstation';

export const workspaceQueries = {
  applications: () =>
    queryOptions({ queryKey: ['workspace', 'applications'], queryFn: () => invoke('workspace.applications', {}) }),
  repayments: (days: number) =>
    queryOptions({
      queryKey: ['workspace', 'repayments', days],
      queryFn: () => invoke('workspace.repayments', { days }),
      staleTime: 60_000,
    }),
  products: () =>
    queryOptions({
      queryKey: ['workspace', 'products'],
      queryFn: () => invoke('workspace.products', {}),
      staleTime: Number.POSITIVE_INFINITY,
    }),
};

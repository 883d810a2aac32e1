import { queryOptions } from '@tanstack/react-query';
import { invoke } from '../../client/workstation';

export const workspaceQueries = {
  applications: () =>
    queryOptions({ queryKey: ['workspace', 'applications'], queryFn: () => invoke('workspace.applications', {}) }),
  products: () =>
    queryOptions({
      queryKey: ['workspace', 'products'],
      queryFn: () => invoke('workspace.products', {}),
      staleTime: Number.POSITIVE_INFINITY,
    }),
};

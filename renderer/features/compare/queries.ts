import { queryOptions } from '@tanstack/react-query';
import { invoke } from '../../client/workstation';

export const compareQueries = {
  search: (q: string) =>
    queryOptions({
      queryKey: ['enterprises', 'search', q],
      queryFn: () => invoke('enterprises.search', { q, limit: 20 }),
    }),
  compare: (ids: string[]) =>
    queryOptions({ queryKey: ['enterprises', 'compare', ids], queryFn: () => invoke('enterprises.compare', { ids }) }),
};

export const peers = (id: string) => invoke('enterprises.peers', { id, limit: 3 });

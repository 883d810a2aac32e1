import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { invoke } from '../../client/workstation';
import { sessionQueries } from '../../common/session';

export const compareQueries = {
  search: (q: string) =>
    queryOptions({
      queryKey: ['enterprises', 'search', q],
      queryFn: () => invoke('enterprises.search', { q, limit: 20 }),
    }),
  compare: (ids: string[]) =>
    queryOptions({ queryKey: ['enterprises', 'compare', ids], queryFn: () => invoke('enterprises.compare', { ids }) }),
};

/** Keeps the comparison set in preferences (main's store), so it survives a reload and a restart. */
export function useCompareSetMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (compareSet: string[]) => invoke('prefs.set', { compareSet }),
    onSuccess: (prefs) => qc.setQueryData(sessionQueries.prefs().queryKey, prefs),
  });
}

export const peers = (id: string) => invoke('enterprises.peers', { id, limit: 3 });

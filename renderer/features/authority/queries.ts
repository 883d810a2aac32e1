import { invoke } from '../../client/workstation';

/** Authority administration: holders with their authority in force, and the history of changes. */
export const authorityQueries = {
  holders: () => ({
    queryKey: ['authority', 'users'] as const,
    queryFn: () => invoke('authority.users', {}),
    staleTime: 10_000,
  }),
  history: () => ({
    queryKey: ['authority', 'history'] as const,
    queryFn: () => invoke('authority.history', { limit: 50 }),
    staleTime: 10_000,
  }),
};

import { invoke } from '../../client/workstation';

/** Per user (a sign-in as someone else never shows the last user's day), refreshed every minute. */
export const homeQuery = (userId: string) => ({
  queryKey: ['home', 'summary', userId] as const,
  queryFn: () => invoke('home.summary', {}),
  staleTime: 30_000,
  refetchInterval: 60_000,
});

import { invoke } from '../../client/workstation';

/** Per user (a sign-in as someone else never shows the last user's day), refreshed every minute. */
export const homeQuery = (userId: string) => ({
  queryKey: ['home', 'summary', userId] as const,
  queryFn: () => invoke('home.summary', {}),
  staleTime: 30_000,
  refetchInterval: 60_000,
});

/**
 * A disbursement officer's day (放款审核): signed cases still to prepare, and those waiting for a checker,
 * from the same queue the 放款审核 area lists (GET /api/v1/disbursements), a few rows each.
 */
export const disbursementHomeQuery = (userId: string) => ({
  queryKey: ['home', 'disbursement', userId] as const,
  queryFn: async () => {
    const [open, prepared] = await Promise.all([
      invoke('disbursement.queue', { view: 'open', limit: 50 }),
      invoke('disbursement.queue', { view: 'prepared', limit: 5 }),
    ]);
    const toPrepare = open.items.filter((i) => i.disbursementStatus !== 'prepared');
    return {
      toPrepare: { count: open.total - prepared.total, items: toPrepare.slice(0, 5) },
      toCheck: { count: prepared.total, items: prepared.items },
    };
  },
  staleTime: 30_000,
  refetchInterval: 60_000,
});

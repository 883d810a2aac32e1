/**
 * The signed-in user and their preferences: read by the frame and by every feature (the comparison set,
 * the contracts screen's roles). Signing in and out and changing the language are the session feature's
 * mutations (features/session/mutations.ts).
 */
import { queryOptions } from '@tanstack/react-query';
import { invoke } from '../client/workstation';

export const sessionQueries = {
  current: () =>
    queryOptions({ queryKey: ['session', 'current'], queryFn: () => invoke('session.current', {}), staleTime: 60_000 }),
  prefs: () =>
    queryOptions({ queryKey: ['prefs'], queryFn: () => invoke('prefs.get', {}), staleTime: Number.POSITIVE_INFINITY }),
};

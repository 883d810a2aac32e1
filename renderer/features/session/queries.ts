import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { LoginRequest } from '../../../shared/api/auth';
import type { Locale } from '../../../shared/ipc/contract';
import { invoke } from '../../client/workstation';
import { changeLocale } from '../../i18n';

export const sessionQueries = {
  current: () =>
    queryOptions({ queryKey: ['session', 'current'], queryFn: () => invoke('session.current', {}), staleTime: 60_000 }),
  prefs: () =>
    queryOptions({ queryKey: ['prefs'], queryFn: () => invoke('prefs.get', {}), staleTime: Number.POSITIVE_INFINITY }),
};

export function useLoginMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: LoginRequest) => invoke('session.login', req),
    onSuccess: (session) => qc.setQueryData(sessionQueries.current().queryKey, session),
  });
}

export function useLogoutMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => invoke('session.logout', {}),
    onSuccess: (session) => {
      // Nothing of the last user's data may outlive their session.
      qc.clear();
      qc.setQueryData(sessionQueries.current().queryKey, session);
    },
  });
}

export function useLocaleMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (locale: Locale) => {
      await changeLocale(locale);
      return invoke('prefs.set', { locale });
    },
    onSuccess: (prefs) => qc.setQueryData(sessionQueries.prefs().queryKey, prefs),
  });
}

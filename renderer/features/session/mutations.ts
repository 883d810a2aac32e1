import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LoginRequest } from '../../../shared/api/auth';
import type { Locale } from '../../../shared/ipc/contract';
import { invoke } from '../../client/workstation';
import { sessionQueries } from '../../common/session';
import { changeLocale } from '../../i18n';

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
      // The session first (its observer is mounted and must see the change), then nothing of the last
      // user's data may outlive their session. Clearing the whole cache instead would orphan the
      // session observer while other views are mounted, leaving the frame on screen.
      qc.setQueryData(sessionQueries.current().queryKey, session);
      qc.removeQueries({
        predicate: (q) => q.queryKey[0] !== 'session' && !(q.queryKey[0] === 'prefs' && q.queryKey.length === 1),
      });
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

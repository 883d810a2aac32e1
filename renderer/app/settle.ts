/**
 * The one "invalidate, notify, rethrow" step every mutation shares: after a change, the queries it
 * touched are refetched, the outcome is announced in the frame's live region (app/Announcer.tsx, for
 * screen readers: a claim from a queue row has no other place to say it failed), and a failure is
 * rethrown for the caller's own handling.
 */
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { errorMessage } from '../i18n';

type Listener = (message: string, tone: 'ok' | 'error') => void;
const listeners = new Set<Listener>();

/** Subscribe to announcements (the frame's live region, app/Announcer.tsx); returns the unsubscribe function. */
export function onAnnounce(l: Listener): () => void {
  listeners.add(l);
  return () => {
    listeners.delete(l);
  };
}

export function announce(message: string, tone: 'ok' | 'error' = 'ok') {
  for (const l of listeners) l(message, tone);
}

export async function settle<T>(
  qc: QueryClient,
  keys: readonly QueryKey[],
  work: () => Promise<T>,
  okMessage?: (value: T) => string | null,
): Promise<T> {
  try {
    const value = await work();
    const m = okMessage?.(value);
    if (m) announce(m, 'ok');
    return value;
  } catch (e) {
    announce(errorMessage(e), 'error');
    throw e;
  } finally {
    await Promise.all(keys.map((queryKey) => qc.invalidateQueries({ queryKey })));
  }
}

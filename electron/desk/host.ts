/**
 * What the shared desk keeps per session host — Electron main has one, the web host one per browser
 * tab's client: the idle lock, the per-user settings store (absent where no OS notifications are
 * shown), the signed-in user's id as the session handlers last saw it, and a hook for main to follow
 * sign-in and sign-out (the notifier).
 */
import { IdleLock } from './idle-lock';
import type { DeskSettingsStore } from './settings-store';

export interface StationHost {
  lock: IdleLock;
  settings?: DeskSettingsStore;
  /** The signed-in user's bank id (set by the lock guard from session.login / session.current). */
  userId: string | null;
  /** Called when the signed-in user changes (null: signed out) or their settings change. */
  onChange?: (userId: string | null) => void;
}

export function stationHost(idleLockMinutes: number, opts: Omit<StationHost, 'lock' | 'userId'> = {}): StationHost {
  return { lock: new IdleLock(idleLockMinutes * 60_000), userId: null, ...opts };
}

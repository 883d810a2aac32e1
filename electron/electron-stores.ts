// Electron-only implementations of the main-process stores. Everything else in electron/ is plain Node.
import { safeStorage } from 'electron';
import Store from 'electron-store';
import type { Preferences } from '../shared/ipc/contract';
import { DEFAULT_PREFERENCES, normalisePreferences, type PrefsStore, type TokenStore } from './services/stores';
import type { WorkspaceBackend, WorkspaceData } from './services/workspace-store';

/** The session token lives only encrypted (OS keychain via safeStorage), and only in memory. */
export class SafeStorageTokenStore implements TokenStore {
  private sealed: Buffer | null = null;
  get() {
    return this.sealed ? safeStorage.decryptString(this.sealed) : null;
  }
  set(token: string | null) {
    this.sealed = token ? safeStorage.encryptString(token) : null;
  }
}

export class ElectronPrefsStore implements PrefsStore {
  private readonly store = new Store<{ preferences: Preferences }>({
    name: 'preferences',
    defaults: { preferences: DEFAULT_PREFERENCES },
  });
  get() {
    return normalisePreferences(this.store.get('preferences'));
  }
  set(patch: Partial<Preferences>) {
    const next = { ...this.get(), ...patch };
    this.store.set('preferences', next);
    return next;
  }
}

/** Drafts and queue layouts per user, in their own electron-store file. */
export class ElectronWorkspaceBackend implements WorkspaceBackend {
  private readonly store = new Store<{ users: WorkspaceData }>({ name: 'workspace', defaults: { users: {} } });
  read() {
    return this.store.get('users');
  }
  write(data: WorkspaceData) {
    this.store.set('users', data);
  }
}

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Preferences, PreferencesSchema } from '../../shared/ipc/contract';

/** Where main keeps the bank session token. Electron encrypts it with safeStorage; the web host keeps it in memory. */
export interface TokenStore {
  get(): string | null;
  set(token: string | null): void;
}

export class MemoryTokenStore implements TokenStore {
  private token: string | null = null;
  get() {
    return this.token;
  }
  set(token: string | null) {
    this.token = token;
  }
}

export interface PrefsStore {
  get(): Preferences;
  set(patch: Partial<Preferences>): Preferences;
}

export const DEFAULT_PREFERENCES: Preferences = { locale: 'zh-CN' };

/** Loads stored preferences, falling back field by field to defaults when the file is damaged. */
export function normalisePreferences(raw: unknown): Preferences {
  const r = PreferencesSchema.partial().safeParse(raw);
  return { ...DEFAULT_PREFERENCES, ...(r.success ? r.data : {}) };
}

/** A JSON file written atomically (temp + rename): the web host's counterpart of electron-store. */
export class JsonFilePrefsStore implements PrefsStore {
  constructor(private readonly file: string) {}

  get(): Preferences {
    try {
      return normalisePreferences(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch {
      return { ...DEFAULT_PREFERENCES };
    }
  }

  set(patch: Partial<Preferences>): Preferences {
    const next = { ...this.get(), ...patch };
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(next, null, 2));
    renameSync(tmp, this.file);
    return next;
  }
}

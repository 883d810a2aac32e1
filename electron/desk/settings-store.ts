/**
 * The shared desk's settings of each user on this machine (notifications: opt-in, off by default), in
 * one JSON file written atomically: Electron keeps it in the user data folder, the web host in its
 * data folder. Keyed by the bank's user id, so two people sharing a desk each have their own.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../contracts/atomic';

export const DeskSettingsSchema = z.object({ notifications: z.boolean().default(false) });
export type DeskSettings = z.infer<typeof DeskSettingsSchema>;
export const DEFAULT_DESK_SETTINGS: DeskSettings = { notifications: false };

const FileSchema = z.record(z.string(), z.unknown());

export class DeskSettingsStore {
  constructor(readonly file: string) {}

  private readAll(): Record<string, unknown> {
    try {
      const r = FileSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return r.success ? r.data : {};
    } catch {
      return {};
    }
  }

  get(userId: string): DeskSettings {
    const r = DeskSettingsSchema.safeParse(this.readAll()[userId] ?? {});
    return r.success ? r.data : { ...DEFAULT_DESK_SETTINGS };
  }

  set(userId: string, patch: Partial<DeskSettings>): DeskSettings {
    const all = this.readAll();
    const next = { ...this.get(userId), ...patch };
    all[userId] = next;
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileAtomic(this.file, new TextEncoder().encode(JSON.stringify(all, null, 2)));
    return next;
  }
}

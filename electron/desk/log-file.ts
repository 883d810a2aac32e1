/**
 * Main's crash and error log under the user data folder (`<userData>/logs/workstation.log`), one JSON
 * object per line, size-bounded with rotation: when the file would pass `maxBytes` it becomes `.1`,
 * `.1` becomes `.2` … and the oldest beyond `files` is deleted — at most files × maxBytes on disk.
 *
 * No personal data, by allow-list (the idea of bank-api/http/logging.ts, whose error serializer and
 * scrubber are reused): a line carries the fields named in LOGGED_FIELDS only, every string scrubbed of
 * ID numbers, USCCs, mobile numbers and token-like runs; errors pass `serializeError` (type, scrubbed
 * message, code, stack frames — never a request body or a driver's bind values). Synchronous writes:
 * a crash handler must have its line on disk before the process goes.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { scrubText, serializeError } from '../../bank-api/http/logging';

export const LOG_FILE_NAME = 'workstation.log';
export const DEFAULT_LOG_MAX_BYTES = 1024 * 1024;
export const DEFAULT_LOG_FILES = 5;

/** The only fields a line may carry besides time, level, event and err. */
export const LOGGED_FIELDS = [
  'channel',
  'code',
  'status',
  'reason',
  'exitCode',
  'version',
  'platform',
  'stack',
  'url',
  'minutes',
] as const;
export type LoggedField = (typeof LOGGED_FIELDS)[number];
export type LogFields = Partial<Record<LoggedField, string | number | boolean | null>> & { err?: unknown };

export type LogLevel = 'info' | 'warn' | 'error' | 'fatal';

export class DeskLog {
  readonly file: string;

  constructor(
    readonly dir: string,
    private readonly opts: { maxBytes?: number; files?: number; now?: () => Date } = {},
  ) {
    this.file = join(dir, LOG_FILE_NAME);
  }

  private get maxBytes() {
    return this.opts.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
  }
  private get files() {
    return Math.max(1, this.opts.files ?? DEFAULT_LOG_FILES);
  }

  /** One line: a fixed event name and allow-listed fields; anything else given is dropped. */
  write(level: LogLevel, event: string, fields: LogFields = {}): void {
    const line: Record<string, unknown> = {
      time: (this.opts.now?.() ?? new Date()).toISOString(),
      level,
      event: scrubText(event.slice(0, 100)),
    };
    for (const k of LOGGED_FIELDS) {
      const v = (fields as Record<string, unknown>)[k];
      if (v === undefined) continue;
      line[k] = typeof v === 'string' ? scrubText(v.slice(0, 2000)) : v;
    }
    if (fields.err !== undefined) line.err = serializeError(fields.err);
    const text = `${JSON.stringify(line)}\n`;
    try {
      mkdirSync(this.dir, { recursive: true });
      this.rotateFor(Buffer.byteLength(text));
      appendFileSync(this.file, text);
    } catch {
      // A log that cannot be written must not take the app down with it.
    }
  }

  /** The current file and its rotated copies, newest first. */
  paths(): string[] {
    return [this.file, ...Array.from({ length: this.files - 1 }, (_, i) => `${this.file}.${i + 1}`)];
  }

  private rotateFor(bytes: number): void {
    let size = 0;
    try {
      size = statSync(this.file).size;
    } catch {
      return;
    }
    if (size + bytes <= this.maxBytes) return;
    const paths = this.paths();
    rmSync(paths[paths.length - 1]!, { force: true });
    for (let i = paths.length - 2; i >= 0; i--) {
      try {
        renameSync(paths[i]!, paths[i + 1]!);
      } catch {
        // That generation does not exist yet.
      }
    }
    if (paths.length === 1) rmSync(this.file, { force: true });
  }
}

/**
 * Process-wide crash and error capture for main (and the web host): uncaught exceptions and unhandled
 * rejections are written before the default handling; returns a function that removes the hooks.
 */
export function captureCrashes(log: DeskLog, proc: NodeJS.Process = process): () => void {
  const onException = (err: unknown) => log.write('fatal', 'uncaught-exception', { err });
  const onRejection = (err: unknown) => log.write('error', 'unhandled-rejection', { err });
  proc.on('uncaughtExceptionMonitor', onException);
  proc.on('unhandledRejection', onRejection);
  return () => {
    proc.off('uncaughtExceptionMonitor', onException);
    proc.off('unhandledRejection', onRejection);
  };
}

/**
 * Starts the bank API as a child process (the same `npm run api` program) for `npm start` and
 * `npm run web` when BANK_API_URL is not set, and resolves with its URL once it listens.
 *
 * A first start seeds the sandbox bank, which takes minutes on a slow or busy machine, so there is no
 * fixed deadline: the API reports each seeding stage (SEED_PLAN / SEED_PROGRESS lines, see
 * shared/api/seed-progress.ts), the launcher prints them with an estimate of the time left, and it gives
 * up only when no progress has arrived for the stall window (BANK_API_STALL_SECONDS, default 180).
 *
 * The API's log (pino JSON at LOG_LEVEL, default info, and everything else it prints) goes to
 * DATA_DIR/logs/bank-api.log — the previous run's is kept as bank-api.log.1 — and error-level lines
 * and the API's stderr also reach the terminal.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, renameSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseSeedLine } from '../../shared/api/seed-progress';
import { MAIN_VARIABLES, readVar } from '../config';
import { formatDuration, SeedEstimate } from './seed-estimate';

const API_ENTRY = fileURLToPath(new URL('../../bank-api/main.ts', import.meta.url));

export { DEFAULT_STALL_SECONDS } from '../config';

export interface EmbeddedApi {
  url: string;
  process: ChildProcess;
  /** The log file, or null when it could not be opened (said on the terminal). */
  logFile: string | null;
  stop(): Promise<void>;
}

export interface EmbeddedApiOptions {
  /** Give up when no seeding progress arrived for this long (default: `env`'s BANK_API_STALL_SECONDS or 180 s). */
  stallMs?: number;
  /** How often to print the seeding progress (default 5 s; each new stage is printed at once). */
  progressEveryMs?: number;
  /** Where the launcher's own lines go (default: stdout and stderr). */
  print?: (line: string) => void;
  printError?: (line: string) => void;
}

/** The stall window from a BANK_API_STALL_SECONDS value (electron/config.ts), naming the variable when it is not a positive number. */
export function stallMsFromEnv(v: string | undefined): number {
  return readVar(MAIN_VARIABLES, 'BANK_API_STALL_SECONDS', { BANK_API_STALL_SECONDS: v });
}

/** Opens DATA_DIR/logs/bank-api.log for this run, keeping the previous run's as bank-api.log.1. */
function openLog(dataDir: string): { stream: WriteStream | null; path: string; problem: string | null } {
  const dir = join(dataDir, 'logs');
  const path = join(dir, 'bank-api.log');
  try {
    mkdirSync(dir, { recursive: true });
    if (existsSync(path)) renameSync(path, `${path}.1`);
    const stream = createWriteStream(path, { flags: 'w' });
    // A full disk or a folder that turned read-only must not take the launcher down with it.
    stream.on('error', () => {});
    return { stream, path, problem: null };
  } catch (e) {
    return { stream: null, path, problem: `${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}

const LEVELS: Record<number, string> = { 50: 'ERROR', 60: 'FATAL' };

/** An error-level pino line as one readable line; null for lower levels or a line that is not pino JSON. */
export function errorLineForTerminal(line: string): string | null {
  let o: { level?: unknown; msg?: unknown; err?: { message?: unknown; type?: unknown } };
  try {
    o = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof o.level !== 'number' || o.level < 50) return null;
  const err = o.err && typeof o.err.message === 'string' ? `: ${o.err.type ?? 'Error'}: ${o.err.message}` : '';
  return `${LEVELS[o.level] ?? 'ERROR'} ${typeof o.msg === 'string' ? o.msg : ''}${err}`;
}

/** The seeding lines of a first start: tracked for the estimate, printed at each new stage and every so often. */
class SeedReport {
  readonly estimate = new SeedEstimate();
  readonly startedAt = Date.now();
  seeding = false;
  private lastPrinted = 0;
  constructor(
    private readonly print: (line: string) => void,
    private readonly everyMs: number,
  ) {}
  /** Takes a SEED_PLAN / SEED_PROGRESS line; false for any other line. */
  take(line: string): boolean {
    const seed = parseSeedLine(line);
    if (!seed) return false;
    this.seeding = true;
    if (seed.kind === 'plan') {
      this.estimate.plan(seed.plan);
      return true;
    }
    const isNew = this.estimate.update(seed.progress);
    const now = Date.now();
    if (isNew || now - this.lastPrinted >= this.everyMs) {
      this.lastPrinted = now;
      this.print(`[bank-api] first start: ${this.estimate.describe()}`);
    }
    return true;
  }
  /** What the API was doing, for a message about it stopping. */
  doing(): string {
    return this.estimate.stage
      ? `seeding the sandbox bank (${this.estimate.describe().replace(/ — about .*$/, '')})`
      : 'starting';
  }
}

/** A line the API printed outside seeding: error-level pino lines as one readable line, plain lines as they are. */
function relay(line: string, print: (l: string) => void, printError: (l: string) => void): void {
  if (!line.startsWith('{')) {
    print(`[bank-api] ${line}`);
    return;
  }
  const e = errorLineForTerminal(line);
  if (e) printError(`[bank-api] ${e}`);
}

/** Stops the child: SIGTERM, then SIGKILL if it has not exited within 5 s. */
function terminate(child: ChildProcess): void {
  child.removeAllListeners('exit');
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
  child.once('exit', () => clearTimeout(force));
}

/** The running API as the caller gets it; from here on an unexpected exit is only reported. */
function runningApi(
  child: ChildProcess,
  url: string,
  logFile: string | null,
  logNote: string,
  printError: (l: string) => void,
): EmbeddedApi {
  child.removeAllListeners('exit');
  child.once('exit', (code, signal) => {
    if (code !== 0) printError(`[bank-api] the bank API exited (${signal ?? `exit code ${code}`})${logNote}`);
  });
  return {
    url,
    process: child,
    logFile,
    stop: () =>
      new Promise((ok) => {
        if (child.exitCode !== null || child.signalCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}

export function startEmbeddedBankApi(
  env: Record<string, string | undefined> = {},
  opts: EmbeddedApiOptions = {},
): Promise<EmbeddedApi> {
  const print = opts.print ?? ((l: string) => console.log(l));
  const printError = opts.printError ?? ((l: string) => console.error(l));
  let stallMs: number;
  try {
    stallMs = opts.stallMs ?? stallMsFromEnv(env.BANK_API_STALL_SECONDS);
  } catch (e) {
    return Promise.reject(e);
  }
  const log = openLog(resolve(env.DATA_DIR ?? '.data'));
  if (log.problem)
    printError(`[bank-api] cannot write its log to ${log.path} (${log.problem}); its errors still appear here.`);
  const toLog = (line: string) => log.stream?.write(`${line}\n`);
  const logNote = log.stream ? `; its log: ${log.path}` : '';

  const child = spawn(process.execPath, ['--import', 'tsx', API_ENTRY], {
    // The API inherits this process's environment (it reads and checks its own, bank-api/config.ts).
    env: { LOG_LEVEL: 'info', ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const seed = new SeedReport(print, opts.progressEveryMs ?? 5_000);
  createInterface({ input: child.stderr! }).on('line', (line) => {
    toLog(line);
    printError(`[bank-api] ${line}`);
  });
  child.once('exit', () => log.stream?.end());

  return new Promise((resolveStart, reject) => {
    let stallTimer: NodeJS.Timeout;
    // No fixed deadline: the window restarts with every sign of progress.
    const armStall = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => {
        terminate(child);
        reject(
          new Error(
            `The embedded bank API made no progress for ${Math.round(stallMs / 1000)} s while ${seed.doing()} and was stopped${logNote}. ` +
              'On a very busy machine, set BANK_API_STALL_SECONDS higher; the next start redoes an interrupted seed from a clean state.',
          ),
        );
      }, stallMs);
    };
    armStall();
    child.once('exit', (code, signal) => {
      clearTimeout(stallTimer);
      reject(
        new Error(
          `The embedded bank API stopped (${signal ?? `exit code ${code}`}) before it was ready, while ${seed.doing()} — see its message above${logNote}.`,
        ),
      );
    });
    let listening = false;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      toLog(line);
      if (listening) return relay(line, print, printError);
      const url = /^BANK_API_URL=(\S+)$/.exec(line)?.[1];
      if (url) {
        listening = true;
        clearTimeout(stallTimer);
        if (seed.seeding) print(`[bank-api] sandbox bank seeded in ${formatDuration(Date.now() - seed.startedAt)}.`);
        resolveStart(runningApi(child, url, log.stream ? log.path : null, logNote, printError));
        return;
      }
      if (seed.take(line)) return armStall();
      relay(line, print, printError);
    });
  });
}

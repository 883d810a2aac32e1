/**
 * The shared desk's idle lock: after `idleMs` without the user's input the screen locks; the session
 * stays in main (the bank token is kept, drafts stay in the workspace store), but every IPC call that
 * reads or changes anything is refused until the user's password is checked again by the bank API.
 *
 * No timers of its own: the state is computed from a clock when asked (`isLocked`), so a fake clock
 * drives it in tests, and a machine that slept past the limit is locked when it wakes. The renderer
 * reports input (`touch`, at most every few seconds); the host (Electron main or the web host, one per
 * client) asks before each call. `idleMs` 0 turns the lock off.
 */

export type Clock = () => number;

/** Wrong passwords in a row on the lock screen before the session is ended (signed out at the bank). */
export const MAX_UNLOCK_ATTEMPTS = 5;

/**
 * The last version handed out in this process. It starts at the clock so that a restarted host (the
 * web host) still hands out versions above those its clients saw before.
 */
let lastVersion = Date.now();

export class IdleLock {
  private lastInput: number;
  private locked = false;
  private failures = 0;
  private _version = ++lastVersion;

  constructor(
    readonly idleMs: number,
    private readonly now: Clock = Date.now,
  ) {
    this.lastInput = now();
  }

  get enabled(): boolean {
    return this.idleMs > 0;
  }

  /**
   * Grows with every change of the lock (locked, unlocked, a wrong password, a fresh start): a client
   * that gets two answers out of order keeps the newer one (renderer/features/session/station.ts).
   */
  get version(): number {
    this.isLocked();
    return this._version;
  }

  private changed(): void {
    this._version = ++lastVersion;
  }

  /** Locked now: locked explicitly, or idle for `idleMs` or longer. */
  isLocked(): boolean {
    if (!this.locked && this.enabled && this.now() - this.lastInput >= this.idleMs) {
      this.locked = true;
      this.changed();
    }
    return this.locked;
  }

  /** The user's input: restarts the idle time, unless already locked (only the password unlocks). */
  touch(): void {
    if (!this.isLocked()) this.lastInput = this.now();
  }

  /** Lock at once (the OS screen lock, the user's "lock now"). */
  lock(): void {
    if (this.enabled && !this.locked) {
      this.locked = true;
      this.changed();
    }
  }

  /** The password was right: unlocked, idle time from now, failures forgotten. */
  unlock(): void {
    this.locked = false;
    this.failures = 0;
    this.lastInput = this.now();
    this.changed();
  }

  /** A wrong password; true when that was one too many and the session must end. */
  failed(): boolean {
    this.failures++;
    this.changed();
    return this.failures >= MAX_UNLOCK_ATTEMPTS;
  }

  get attemptsLeft(): number {
    return MAX_UNLOCK_ATTEMPTS - this.failures;
  }

  /** A new sign-in (or sign-out): a fresh start. */
  reset(): void {
    this.unlock();
  }

  /** Milliseconds until the lock, or null when off or locked. */
  remainingMs(): number | null {
    if (!this.enabled || this.isLocked()) return null;
    return this.idleMs - (this.now() - this.lastInput);
  }
}

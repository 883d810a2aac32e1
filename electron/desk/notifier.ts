/**
 * The notification driver in main: fed every case event by the event stream's hook
 * (services/bank-events.ts `onNotifiable`), it reads the user's home summary (lanes, due soon,
 * returned) now and then and after events, selects what to announce (notices.ts) and hands each to
 * `show` (Electron's Notification in main.ts). Nothing happens unless the signed-in user opted in.
 */
import { bankApi } from '../../shared/api/paths';
import type { WorkstationEvent } from '../../shared/ipc/channels/queue';
import type { BankClient } from '../services/bank-client';
import { batch, type Notice, NoticeMemory, noticeFromEvent, noticesFromHome } from './notices';

export const HOME_POLL_MS = 5 * 60_000;
/** After a case event, the home summary is read once the events have settled. */
export const HOME_AFTER_EVENT_MS = 3_000;

export interface NotifierOptions {
  bank: BankClient;
  token: () => string | null;
  /** Whether the signed-in user opted in (read on every use). */
  enabled: () => boolean;
  show: (shown: Notice[], more: number) => void;
  /** Locked or signed out: hold notices back (they would name cases on an unattended screen). */
  quiet?: () => boolean;
}

export class DeskNotifier {
  readonly memory = new NoticeMemory();
  private poll: ReturnType<typeof setInterval> | null = null;
  private pending: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly opts: NotifierOptions) {}

  /** A new session: fresh memory, the first home summary read as the baseline (nothing announced). */
  start(): void {
    this.stop();
    this.memory.clear();
    void this.readHome(true);
    this.poll = setInterval(() => void this.readHome(false), HOME_POLL_MS);
    this.poll.unref?.();
  }

  stop(): void {
    if (this.poll) clearInterval(this.poll);
    if (this.pending) clearTimeout(this.pending);
    this.poll = null;
    this.pending = null;
  }

  onEvent(e: WorkstationEvent): void {
    if (!this.opts.enabled()) return;
    const n = noticeFromEvent(e, this.memory);
    if (n) this.announce([n]);
    if (!this.pending) {
      this.pending = setTimeout(() => {
        this.pending = null;
        void this.readHome(false);
      }, HOME_AFTER_EVENT_MS);
      this.pending.unref?.();
    }
  }

  /** Reads the home summary; the first read after sign-in only sets the baseline. */
  async readHome(baseline: boolean): Promise<void> {
    const token = this.opts.token();
    if (!token) return;
    try {
      const home = await this.opts.bank.call(bankApi.home, { token });
      const notices = noticesFromHome(home, this.memory);
      if (!baseline && this.opts.enabled()) this.announce(notices);
    } catch {
      // The bank is away or the session ended: the next poll tries again.
    }
  }

  private announce(notices: Notice[]): void {
    if (notices.length === 0 || this.opts.quiet?.()) return;
    const { shown, more } = batch(notices);
    this.opts.show(shown, more);
  }
}

import pg from 'pg';
import { describeError, mapError } from './postgres-errors';
import type { DatabaseReadiness, ListenEvents } from './types';

/** LISTEN reconnects after this long, doubling per failed attempt up to LISTEN_RETRY_MAX_MS. */
const LISTEN_RETRY_FIRST_MS = 100;
const LISTEN_RETRY_MAX_MS = 2000;

const quoteIdent = (channel: string) => `"${channel.replace(/"/g, '')}"`;

interface Subscriber {
  onPayload: (payload: string) => void;
  events: ListenEvents | undefined;
}

/**
 * LISTEN for a PostgreSQL database: one dedicated connection shared by every channel, re-established
 * after any loss with backoff by itself. Subscribers hear `onLost` when it drops and `onRestored`
 * when it is back; `noteError` receives a credential-free description of each failure (for /readyz).
 */
export class ListenConnection {
  private readonly channels = new Map<string, Set<Subscriber>>();
  private listener: pg.Client | null = null;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private connecting: Promise<void> | null = null;
  /** 'none' until the first LISTEN, then 'up' or 'down'. */
  state: DatabaseReadiness['listen'] = 'none';

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly noteError: (description: string) => void,
  ) {}

  private everySubscriber() {
    return [...this.channels.values()].flatMap((s) => [...s]);
  }

  private lost(c: pg.Client, e?: unknown) {
    if (c !== this.listener || this.closed) return;
    this.listener = null;
    this.state = 'down';
    this.noteError(e ? describeError(e) : 'the LISTEN connection ended');
    c.end().catch(() => {});
    for (const s of this.everySubscriber()) s.events?.onLost?.();
    this.scheduleReconnect();
  }

  private async connectListener() {
    const c = new pg.Client(this.config);
    // Before connect: an error while connecting or later must never go unheard.
    c.on('error', (e) => this.lost(c, e));
    c.on('end', () => this.lost(c));
    c.on('notification', (n) => {
      for (const s of this.channels.get(n.channel) ?? []) s.onPayload(n.payload ?? '');
    });
    try {
      await c.connect();
      for (const channel of this.channels.keys()) await c.query(`LISTEN ${quoteIdent(channel)}`);
    } catch (e) {
      await c.end().catch(() => {});
      throw mapError(e);
    }
    if (this.closed) {
      await c.end().catch(() => {});
      return;
    }
    this.listener = c;
    this.state = 'up';
  }

  private scheduleReconnect() {
    if (this.closed || this.retryTimer) return;
    const delay = Math.min(LISTEN_RETRY_MAX_MS, LISTEN_RETRY_FIRST_MS * 2 ** this.attempt);
    this.attempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      const connecting = this.connectListener().then(
        () => {
          this.attempt = 0;
          if (!this.closed) for (const s of this.everySubscriber()) s.events?.onRestored?.();
        },
        (e) => {
          this.noteError(describeError(e));
          this.scheduleReconnect();
        },
      );
      this.connecting = connecting;
      void connecting.finally(() => {
        this.connecting = null;
      });
    }, delay);
    this.retryTimer.unref();
  }

  /** Subscribes to `channel`; the first call connects (and fails now, at start, if it cannot). */
  async listen(
    channel: string,
    onPayload: (payload: string) => void,
    events?: ListenEvents,
  ): Promise<() => Promise<void>> {
    let set = this.channels.get(channel);
    const fresh = !set;
    if (!set) {
      set = new Set();
      this.channels.set(channel, set);
    }
    const sub: Subscriber = { onPayload, events };
    set.add(sub);
    if (this.state === 'none') {
      // The first LISTEN connects now (and fails now, at start, if it cannot).
      try {
        this.connecting ??= this.connectListener();
        await this.connecting;
      } catch (e) {
        set.delete(sub);
        if (set.size === 0) this.channels.delete(channel);
        throw e;
      } finally {
        this.connecting = null;
      }
    } else if (fresh && this.listener) {
      // A lost connection here is heard by `lost`, whose reconnect LISTENs every channel, this one too.
      await this.listener.query(`LISTEN ${quoteIdent(channel)}`).catch(() => {});
    }
    const subscribed = set;
    return async () => {
      subscribed.delete(sub);
      if (subscribed.size === 0 && this.channels.get(channel) === subscribed) {
        this.channels.delete(channel);
        await this.listener?.query(`UNLISTEN ${quoteIdent(channel)}`).catch(() => {});
      }
    };
  }

  /** Stops reconnecting and ends the connection (waiting for a connect under way). */
  async close() {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.connecting?.catch(() => {});
    const l = this.listener;
    this.listener = null;
    await l?.end().catch(() => {});
  }
}

/**
 * Main's subscription to the bank API's server-sent events (GET /api/v1/events, Bearer token), with
 * reconnect and backoff. Plain Node (fetch streaming); both transports hand the parsed events on —
 * Electron to the window, the web host to the browser tab's event stream.
 */
import { bankApi } from '../../shared/api/paths';
import { type WorkstationEvent, WorkstationEventSchema } from '../../shared/ipc/channels/queue';
import { type SseMessage, SseParser } from '../../shared/ipc/sse';
import { BankHeader, bearer } from '../../shared/ipc/transport';
import type { BankFetch } from '../network/transport';

export const EVENTS_BACKOFF_MIN_MS = 500;
export const EVENTS_BACKOFF_MAX_MS = 30_000;

/** Parses one bank API event into the workstation's event contract; anything else is dropped. */
export function toWorkstationEvent(m: SseMessage): WorkstationEvent | null {
  try {
    const p = WorkstationEventSchema.safeParse({ ...JSON.parse(m.data), type: m.event });
    return p.success && p.data.type !== 'stream.status' ? p.data : null;
  } catch {
    return null;
  }
}

export const backoffMs = (attempt: number) =>
  Math.min(EVENTS_BACKOFF_MAX_MS, EVENTS_BACKOFF_MIN_MS * 2 ** Math.min(attempt, 10)) * (0.75 + Math.random() * 0.5);

export interface BankEventsOptions {
  baseUrl: string;
  /** The bank client's transport (electron/network/transport.ts); Node's fetch when absent. */
  fetch?: BankFetch;
  /** Read on every (re)connect, so a new sign-in is picked up and a sign-out stops the stream. */
  token: () => string | null;
  onEvent: (e: WorkstationEvent) => void;
  /**
   * The notification hook (electron/desk/notifier.ts): every case event, after onEvent; it decides
   * whether the user is told through the OS.
   */
  onNotifiable?: (e: WorkstationEvent) => void;
  /** Called with false as soon as the stream drops, and true when it is back. */
  onStatus?: (connected: boolean) => void;
}

/** Keeps one subscription open until the returned stop() is called or the token is gone. */
export function subscribeBankEvents(opts: BankEventsOptions): () => void {
  const stop = new AbortController();
  let connected = false;
  const setConnected = (c: boolean) => {
    if (c !== connected) {
      connected = c;
      opts.onStatus?.(c);
    }
  };
  void (async () => {
    let attempt = 0;
    while (!stop.signal.aborted) {
      const token = opts.token();
      if (!token) break;
      try {
        const res = await (opts.fetch ?? globalThis.fetch)(new URL(bankApi.events.url, opts.baseUrl), {
          headers: { [BankHeader.authorization]: bearer(token), [BankHeader.accept]: 'text/event-stream' },
          signal: stop.signal,
        });
        if (res.status === 401) break;
        if (!res.ok || !res.body) throw new Error(`events answered ${res.status}`);
        setConnected(true);
        attempt = 0;
        const parser = new SseParser();
        const decoder = new TextDecoder();
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          for (const m of parser.push(decoder.decode(chunk, { stream: true }))) {
            const e = toWorkstationEvent(m);
            if (e) {
              opts.onEvent(e);
              opts.onNotifiable?.(e);
            }
          }
        }
      } catch {
        // Unreachable or dropped: fall through to the backoff below.
      }
      setConnected(false);
      if (stop.signal.aborted) break;
      await new Promise((r) => {
        const t = setTimeout(r, backoffMs(attempt++));
        stop.signal.addEventListener('abort', () => {
          clearTimeout(t);
          r(undefined);
        });
      });
    }
    setConnected(false);
  })();
  return () => stop.abort();
}

/**
 * The renderer's single client of the main process. In Electron it is `window.workstation` (the
 * preload's bridge); in browser mode it is the same contract over HTTP to the web host. Callers never
 * know which one they have.
 */

import { type WorkstationEvent, WorkstationEventSchema } from '../../shared/ipc/channels/queue';
import {
  type Channel,
  channels,
  type IpcError,
  type IpcRequest,
  type IpcResponse,
  type IpcResult,
  type WorkstationApi,
  type WorkstationEventListener,
  type WorkstationEvents,
} from '../../shared/ipc/contract';
import { SseParser } from '../../shared/ipc/sse';
import { IpcErrorCode, WebHostHeader } from '../../shared/ipc/transport';

declare global {
  interface Window {
    workstation?: WorkstationApi & WorkstationEvents;
  }
}

/** The one error type the UI handles (registered with react-query in main.tsx). */
export class WorkstationError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly field: string | undefined;
  /** The bank's reason in Chinese, when it gave one. */
  readonly reasonZh: string | undefined;
  constructor(e: IpcError) {
    super(e.message);
    this.name = 'WorkstationError';
    this.code = e.code;
    this.status = e.status;
    this.field = e.field;
    this.reasonZh = e.reasonZh;
  }
}

const SECRET_KEY = 'workstation.secret';
const CLIENT_KEY = 'workstation.client';

/** What the web host's guard checks on every call and on the event stream: the run's secret and this tab's id. */
const hostHeaders = (clientId: string): Record<string, string> => ({
  [WebHostHeader.secret]: sessionStorage.getItem(SECRET_KEY) ?? '',
  [WebHostHeader.client]: clientId,
});

function browserTransport(): WorkstationApi & WorkstationEvents {
  const fromHash = /[#&]k=([A-Za-z0-9_-]+)/.exec(location.hash)?.[1];
  if (fromHash) {
    sessionStorage.setItem(SECRET_KEY, fromHash);
    // Keep the secret out of the address bar, history and screenshots.
    history.replaceState(null, '', location.pathname + location.search);
  }
  let clientId = sessionStorage.getItem(CLIENT_KEY);
  if (!clientId) {
    clientId = crypto.randomUUID();
    sessionStorage.setItem(CLIENT_KEY, clientId);
  }
  const call = async (channel: Channel, request: unknown): Promise<IpcResult<unknown>> => {
    try {
      const res = await fetch(`/ipc/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...hostHeaders(clientId) },
        body: JSON.stringify(request ?? {}),
      });
      return (await res.json()) as IpcResult<unknown>;
    } catch (e) {
      return { ok: false, error: { code: IpcErrorCode.workstationUnreachable, message: (e as Error).message } };
    }
  };
  const methods = Object.fromEntries(
    channels.map((c) => [c, (req: unknown) => call(c, req)]),
  ) as unknown as WorkstationApi;
  return { ...methods, onEvent: (listener) => browserEvents(clientId, listener) };
}

/**
 * Browser mode's push path: the web host's /events stream, read with fetch (EventSource cannot send
 * the secret header), reconnecting with backoff. Every event is parsed against the contract first.
 */
function browserEvents(clientId: string, listener: WorkstationEventListener): () => void {
  const stop = new AbortController();
  const emit = (e: WorkstationEvent) => {
    if (!stop.signal.aborted) listener(e);
  };
  void (async () => {
    let attempt = 0;
    while (!stop.signal.aborted) {
      try {
        const res = await fetch('/events', {
          headers: hostHeaders(clientId),
          signal: stop.signal,
        });
        if (!res.ok || !res.body) throw new Error(`events ${res.status}`);
        attempt = 0;
        const parser = new SseParser();
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const m of parser.push(value)) {
            try {
              const parsed = WorkstationEventSchema.safeParse(JSON.parse(m.data));
              if (parsed.success) emit(parsed.data);
            } catch {
              // not JSON: ignored
            }
          }
        }
      } catch {
        // host unreachable or stream dropped: retried below
      }
      if (stop.signal.aborted) break;
      emit({ type: 'stream.status', connected: false });
      await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** Math.min(attempt++, 6))));
    }
  })();
  return () => stop.abort();
}

const api: WorkstationApi & WorkstationEvents = window.workstation ?? browserTransport();

/** Listens to main's pushed events (queue changes, stream status); returns the unsubscribe function. */
export function onWorkstationEvent(listener: WorkstationEventListener): () => void {
  return api.onEvent(listener);
}

/** Calls a channel; resolves with its value or throws a WorkstationError. */
export async function invoke<C extends Channel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>> {
  const fn = api[channel] as (req: IpcRequest<C>) => Promise<IpcResult<IpcResponse<C>>>;
  const result = await fn(request);
  if (!result.ok) throw new WorkstationError(result.error);
  return result.value;
}

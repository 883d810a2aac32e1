/**
 * The renderer's single client of the main process. In Electron it is `window.workstation` (the
 * preload's bridge); in browser mode it is the same contract over HTTP to the web host. Callers never
 * know which one they have.
 */
import {
  type Channel,
  channels,
  type IpcError,
  type IpcRequest,
  type IpcResponse,
  type IpcResult,
  type WorkstationApi,
} from '../../shared/ipc/contract';

declare global {
  interface Window {
    workstation?: WorkstationApi;
  }
}

/** The one error type the UI handles (registered with react-query in main.tsx). */
export class WorkstationError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly field: string | undefined;
  constructor(e: IpcError) {
    super(e.message);
    this.name = 'WorkstationError';
    this.code = e.code;
    this.status = e.status;
    this.field = e.field;
  }
}

const SECRET_KEY = 'workstation.secret';
const CLIENT_KEY = 'workstation.client';

function browserTransport(): WorkstationApi {
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
        headers: {
          'content-type': 'application/json',
          'x-workstation-secret': sessionStorage.getItem(SECRET_KEY) ?? '',
          'x-workstation-client': clientId,
        },
        body: JSON.stringify(request ?? {}),
      });
      return (await res.json()) as IpcResult<unknown>;
    } catch (e) {
      return { ok: false, error: { code: 'workstation.unreachable', message: (e as Error).message } };
    }
  };
  return Object.fromEntries(channels.map((c) => [c, (req: unknown) => call(c, req)])) as unknown as WorkstationApi;
}

const api: WorkstationApi = window.workstation ?? browserTransport();

/** Calls a channel; resolves with its value or throws a WorkstationError. */
export async function invoke<C extends Channel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>> {
  const fn = api[channel] as (req: IpcRequest<C>) => Promise<IpcResult<IpcResponse<C>>>;
  const result = await fn(request);
  if (!result.ok) throw new WorkstationError(result.error);
  return result.value;
}

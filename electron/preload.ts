/**
 * The preload bridge: exposes exactly the channels of the IPC contract as `window.workstation`, one
 * method each, and parses every answer before the page sees it. No ipcRenderer, no generic send.
 * Bundled as one CommonJS file (sandboxed preloads cannot load modules).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { z } from 'zod';
import { WorkstationEventSchema } from '../shared/ipc/channels/queue';
import {
  type Channel,
  channels,
  EVENT_CHANNEL,
  IpcErrorSchema,
  type WorkstationApi,
  type WorkstationEventListener,
  type WorkstationEvents,
} from '../shared/ipc/contract';
import { IpcErrorCode } from '../shared/ipc/transport';

z.config({ jitless: true });

const ResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: IpcErrorSchema }),
]);

const invoke = async (channel: Channel, request: unknown) => {
  const parsed = ResultSchema.safeParse(await ipcRenderer.invoke(channel, request));
  return parsed.success
    ? parsed.data
    : { ok: false as const, error: { code: IpcErrorCode.badResponse, message: 'Malformed answer from main.' } };
};

const api = Object.fromEntries(
  channels.map((c) => [c, (request: unknown) => invoke(c, request)]),
) as unknown as WorkstationApi;

/** Main's pushed events, parsed here before the page sees them; returns the unsubscribe function. */
const events: WorkstationEvents = {
  onEvent(listener: WorkstationEventListener) {
    const handler = (_e: unknown, payload: unknown) => {
      const parsed = WorkstationEventSchema.safeParse(payload);
      if (parsed.success) listener(parsed.data);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('workstation', { ...api, ...events } satisfies WorkstationApi & WorkstationEvents);

/**
 * The preload bridge: exposes exactly the channels of the IPC contract as `window.workstation`, one
 * method each, and parses every answer before the page sees it. No ipcRenderer, no generic send.
 * Bundled as one CommonJS file (sandboxed preloads cannot load modules).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { z } from 'zod';
import { type Channel, channels, IpcErrorSchema, type WorkstationApi } from '../shared/ipc/contract';

z.config({ jitless: true });

const ResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: IpcErrorSchema }),
]);

const invoke = async (channel: Channel, request: unknown) => {
  const parsed = ResultSchema.safeParse(await ipcRenderer.invoke(channel, request));
  return parsed.success
    ? parsed.data
    : { ok: false as const, error: { code: 'ipc.bad_response', message: 'Malformed answer from main.' } };
};

const api = Object.fromEntries(
  channels.map((c) => [c, (request: unknown) => invoke(c, request)]),
) as unknown as WorkstationApi;

contextBridge.exposeInMainWorld('workstation', api satisfies WorkstationApi);

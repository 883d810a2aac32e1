/**
 * The one IPC contract between the renderer and the main process. Every channel is declared here
 * once, with the zod schema of its request and of its response. Main validates every request against
 * it (electron/ipc/dispatch.ts), the preload exposes exactly these channels, the browser-mode web
 * host serves the same table, and the renderer's client is typed from it. No channel name is written
 * anywhere else.
 */
import { z } from 'zod';
import { LoginRequestSchema, UserSchema } from '../api/auth';
import { authorityChannels } from './channels/authority';
import { caseChannels } from './channels/case';
import { classificationChannels } from './channels/classification';
import { compareChannels } from './channels/compare';
import { contractChannels } from './channels/contracts';
import { dashboardChannels } from './channels/dashboards';
import { disbursementChannels } from './channels/disbursement';
import { homeChannels } from './channels/home';
import { loanChannels } from './channels/loans';
import { monitoringChannels } from './channels/monitoring';
import { policyChannels } from './channels/policy';
import { queueChannels, type WorkstationEvent } from './channels/queue';
import { renewalChannels } from './channels/renewal';
import { ruleChannels } from './channels/rules';
import { stationChannels } from './channels/station';
import { warningChannels } from './channels/warnings';
import { workspaceChannels } from './channels/workspace';

const Empty = z.strictObject({});

export const LocaleSchema = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof LocaleSchema>;

export const AppInfoSchema = z.object({
  version: z.string(),
  transport: z.enum(['electron', 'web']),
  bankApiUrl: z.string(),
});

export const SessionSchema = z.object({
  user: UserSchema.nullable(),
  expiresAt: z.string().nullable(),
});
export type Session = z.infer<typeof SessionSchema>;

export const PreferencesSchema = z.object({
  locale: LocaleSchema,
  /** The enterprises (ids) on the comparison screen, kept between sessions. */
  compareSet: z
    .array(z.string().regex(/^E[0-9A-Z]{18}$/))
    .max(4)
    .optional(),
});
export type Preferences = z.infer<typeof PreferencesSchema>;

const sessionChannels = {
  /** Version and transport of the running workstation. */
  'app.info': { request: Empty, response: AppInfoSchema },
  /** Signs in to the bank API; main keeps the token, the renderer never sees it. */
  'session.login': { request: LoginRequestSchema, response: SessionSchema },
  /** Ends the session at the bank API and forgets the token. */
  'session.logout': { request: Empty, response: SessionSchema },
  /** The signed-in user (fresh from the bank API), or null. */
  'session.current': { request: Empty, response: SessionSchema },
  /** Preferences kept by main (electron-store, or the web host's file store). */
  'prefs.get': { request: Empty, response: PreferencesSchema },
  'prefs.set': { request: PreferencesSchema.partial().strict(), response: PreferencesSchema },
} as const;
export type SessionChannel = keyof typeof sessionChannels;

/**
 * Every channel. A feature declares its channels in `channels/<feature>.ts` and is spread in here;
 * its handlers live in electron/ipc/handlers/<feature>.ts and its renderer calls in
 * renderer/features/<feature>/{queries,mutations}.ts (session: the sign-in, preferences and app info).
 */
export const ipcContract = {
  ...sessionChannels,
  ...contractChannels,
  ...queueChannels,
  ...caseChannels,
  ...dashboardChannels,
  ...monitoringChannels,
  ...compareChannels,
  ...homeChannels,
  ...workspaceChannels,
  ...stationChannels,
  ...authorityChannels,
  ...ruleChannels,
  ...policyChannels,
  ...disbursementChannels,
  ...warningChannels,
  ...loanChannels,
  ...renewalChannels,
  ...classificationChannels,
} as const;

export type IpcContract = typeof ipcContract;
export type Channel = keyof IpcContract;
export const channels = Object.keys(ipcContract) as Channel[];

export type IpcRequest<C extends Channel> = z.input<IpcContract[C]['request']>;
/** The request as a handler receives it: parsed, defaults applied. */
export type IpcParsedRequest<C extends Channel> = z.output<IpcContract[C]['request']>;
export type IpcResponse<C extends Channel> = z.output<IpcContract[C]['response']>;

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(ipcContract, name);
}

/** Errors cross the IPC boundary as data, never as thrown exceptions. */
export const IpcErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  status: z.number().int().optional(),
  field: z.string().optional(),
  /** The bank's reason in Chinese, when its problem document gives one (shown on a Chinese screen). */
  reasonZh: z.string().optional(),
});
export type IpcError = z.infer<typeof IpcErrorSchema>;

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** What the preload exposes as `window.workstation`: one method per channel. */
export type WorkstationApi = {
  [C in Channel]: (request: IpcRequest<C>) => Promise<IpcResult<IpcResponse<C>>>;
};

/**
 * Events main pushes to the page (schema: WorkstationEventSchema in channels/queue.ts). Electron's
 * preload and the browser-mode client both offer them as `onEvent`, parsed before any listener runs.
 */
export type WorkstationEventListener = (event: WorkstationEvent) => void;
export interface WorkstationEvents {
  onEvent(listener: WorkstationEventListener): () => void;
}
/** The name of the one Electron channel main pushes events on (not an invoke channel). */
export const EVENT_CHANNEL = 'workstation.event';

/** Stable codes of errors raised by the IPC layer itself: declared with the transport's header names. */
export { IpcErrorCode } from './transport';

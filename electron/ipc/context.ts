/** What IPC handlers may use, and the types that tie each feature's handlers to the contract. */
import { type Channel, IpcErrorCode, type IpcParsedRequest, type IpcResponse } from '../../shared/ipc/contract';
import type { StationHost } from '../desk/host';
import { BankApiError, type BankClient } from '../services/bank-client';
import type { PrefsStore, TokenStore } from '../services/stores';
import type { WorkspaceStore } from '../services/workspace-store';

/** Shared services, plus the calling client's own session. */
export interface HandlerContext {
  bank: BankClient;
  prefs: PrefsStore;
  tokens: TokenStore;
  /** Decision drafts and queue layout, per user. */
  workspace: WorkspaceStore;
  transport: 'electron' | 'web';
  version: string;
  /** Contracts: where packages and the sandbox seal live (default DATA_DIR). */
  contracts?: ContractsHost;
  /**
   * Electron's save dialog: asks where to save a file of this kind and writes it; the path, or null
   * when the user cancelled. Absent in browser mode, where the page downloads the bytes instead.
   */
  saveFile?: SaveFile;
  /** Electron's open dialog (contracts.importSigned): null when cancelled; `bytes` null when over `maxBytes`. */
  openFile?: (
    kind: FileKind,
    maxBytes: number,
  ) => Promise<{ name: string; size: number; bytes: Uint8Array | null } | null>;
  /** The shared desk: idle lock and notification settings (electron/desk/); absent, no lock. */
  station?: StationHost;
}

export interface ContractsHost {
  dataDir: string;
}

/** What the save dialog offers to filter on, e.g. `{ name: 'PDF', extensions: ['pdf'] }`. */
export interface FileKind {
  name: string;
  extensions: string[];
}
export const FILE_KINDS: Readonly<Record<'zip' | 'pdf', FileKind>> = {
  zip: { name: 'Zip', extensions: ['zip'] },
  pdf: { name: 'PDF', extensions: ['pdf'] },
};

export type SaveFile = (suggestedName: string, bytes: Uint8Array, kind: FileKind) => Promise<string | null>;

export type Handler<C extends Channel> = (request: IpcParsedRequest<C>, ctx: HandlerContext) => Promise<IpcResponse<C>>;
export type Handlers = { [C in Channel]: Handler<C> };
/** The handlers of one feature: exactly the channels it declares. */
export type FeatureHandlers<K extends Channel> = { [C in K]: Handler<C> };

/** The session token, or a typed "not signed in" error. */
export function requireToken(ctx: HandlerContext): string {
  const token = ctx.tokens.get();
  if (!token) throw new BankApiError(IpcErrorCode.notSignedIn, 'Not signed in.', 401);
  return token;
}

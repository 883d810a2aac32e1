/**
 * Browser mode: a loopback-only web host that serves the built renderer and the same IPC handler
 * table over HTTP. It is a second transport, not a second implementation. Every call must carry the
 * per-run secret (printed in the URL fragment, never sent in a URL the server logs), come from the
 * host's own origin, and name a client id bound to this browser's HttpOnly cookie — one guard
 * (`authorise`) for the IPC calls and the event stream alike; each client id gets its own bank session,
 * kept in this process's memory (at most MAX_CLIENTS; one pushed out is signed out at the bank first).
 * The host's environment is read by electron/web/config.ts.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { bankApi } from '../../shared/api/paths';
import type { WorkstationEvent } from '../../shared/ipc/channels/queue';
import { IpcErrorCode, WebHostHeader } from '../../shared/ipc/transport';
import type { StationHost } from '../desk/host';
import type { ContractsHost, HandlerContext } from '../ipc/context';
import { dispatch } from '../ipc/dispatch';
import { handlers } from '../ipc/handlers';
import { CONTENT_SECURITY_POLICY } from '../security';
import type { BankClient } from '../services/bank-client';
import { subscribeBankEvents } from '../services/bank-events';
import { MemoryTokenStore, type PrefsStore, type TokenStore } from '../services/stores';
import { memoryWorkspaceStore, type WorkspaceStore } from '../services/workspace-store';
import { DEFAULT_WEB_PORT } from './config';

const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Channels that carry a file's bytes (base64 in JSON) get room for the largest file the bank takes
 * (10 MB of material, MATERIAL_MAX_BYTES' default; a counter-signed contract) and no more; every other
 * call stays within 1 MiB. The channel's own schema bounds the file itself.
 */
export const FILE_CHANNEL_MAX_BODY_BYTES: Readonly<Record<string, number>> = {
  'case.materials.upload': 15 * 1024 * 1024,
  'contracts.importSigned': 15 * 1024 * 1024,
  'disbursement.documents.upload': 15 * 1024 * 1024,
};
/** Bank sessions kept at once (one per tab); beyond it the least recently used is signed out and forgotten. */
export const MAX_CLIENTS = 1000;

/**
 * The browser's own key, set by the host on the page it serves: HttpOnly (no script reads it) and
 * SameSite=Strict (no other site's request carries it). A client id is bound to the key of the browser
 * that first used it, so a client id alone — say, read off a screen or a log — opens no session.
 */
export const BROWSER_COOKIE = 'ws_browser';
const BROWSER_KEY = /^[A-Za-z0-9_-]{43}$/;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

/** What a browser asks for as `/favicon.ico`, in the order looked for in the built renderer. */
const FAVICONS = ['favicon.ico', 'favicon.png', 'favicon.svg'];

export interface WebHostOptions {
  bank: BankClient;
  prefs: PrefsStore;
  /** Drafts and queue layouts per user (default: in memory). */
  workspace?: WorkspaceStore;
  /** Where contract packages and the sandbox seal live (default: the contracts handler's, DATA_DIR). */
  contracts?: ContractsHost;
  rendererDir: string;
  version: string;
  port?: number;
  secret?: string;
  /** Client sessions kept at once (default MAX_CLIENTS). */
  maxClients?: number;
  /** The shared desk (idle lock) of each new client session (electron/desk/host.ts); none: no lock. */
  station?: () => StationHost;
}

export interface WebHost {
  url: string;
  /** The URL to open: carries the secret in its fragment. */
  openUrl: string;
  /** How many client sessions are held (bounded by MAX_CLIENTS). */
  sessionCount(): number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** An IPC-shaped refusal. */
function refuse(res: ServerResponse, status: number, code: string, message: string) {
  send(res, status, { ok: false, error: { code, message, status } });
}

async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) return null;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const CLIENT_ID = /^[A-Za-z0-9-]{16,64}$/;

/** One cookie's value from a Cookie header (the last one wins, as browsers send the most specific last). */
export function cookieValue(header: string | undefined, name: string): string | null {
  let found: string | null = null;
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) found = part.slice(eq + 1).trim();
  }
  return found;
}

/** The browser key a request carries, or null when it has none of the right shape. */
function browserKeyOf(req: IncomingMessage): string | null {
  const v = cookieValue(req.headers.cookie, BROWSER_COOKIE);
  return v && BROWSER_KEY.test(v) ? v : null;
}

/**
 * Only the host's own pages may call it. A browser names the calling page's origin on every request a
 * page could send with custom headers to another origin (every POST, every cross-origin fetch), and
 * marks where it came from in Sec-Fetch-Site; so a request naming another origin, `null`, or another
 * site is refused. A request with neither header is not a cross-site browser request (a CLI, a test).
 */
export function isOwnOrigin(
  headers: { origin?: string | undefined; 'sec-fetch-site'?: string | undefined },
  ownOrigins: ReadonlySet<string>,
): boolean {
  const origin = headers.origin;
  if (origin !== undefined && !ownOrigins.has(origin)) return false;
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  return true;
}

interface Guard {
  secret: Buffer;
  origins: ReadonlySet<string>;
}

/**
 * The one guard of /ipc/ and /events: the host's own origin, the run's secret (compared in constant
 * time), a well-formed client id and this browser's key. Returns both, or null when it refused (the
 * answer is already sent).
 */
function authorise(
  req: IncomingMessage,
  res: ServerResponse,
  guard: Guard,
): { clientId: string; browserKey: string } | null {
  const h = req.headers as { origin?: string; 'sec-fetch-site'?: string };
  if (!isOwnOrigin(h, guard.origins)) {
    refuse(res, 403, IpcErrorCode.forbiddenSender, 'Refused: the call does not come from the workstation’s own page.');
    return null;
  }
  const given = Buffer.from(String(req.headers[WebHostHeader.secret] ?? ''));
  if (given.length !== guard.secret.length || !timingSafeEqual(given, guard.secret)) {
    refuse(
      res,
      403,
      IpcErrorCode.forbiddenSender,
      'Missing or wrong workstation secret: open the URL that `npm run web` printed.',
    );
    return null;
  }
  const clientId = String(req.headers[WebHostHeader.client] ?? '');
  if (!CLIENT_ID.test(clientId)) {
    refuse(res, 400, IpcErrorCode.invalidRequest, 'Missing client id.');
    return null;
  }
  const browserKey = browserKeyOf(req);
  if (!browserKey) {
    refuse(
      res,
      403,
      IpcErrorCode.forbiddenSender,
      'This browser has no workstation key: reload the page from the URL that `npm run web` printed.',
    );
    return null;
  }
  return { clientId, browserKey };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

interface ClientSession {
  /** SHA-256 of the browser key that first used this client id. */
  owner: Buffer;
  tokens: MemoryTokenStore;
  station?: StationHost;
  /** Its open event streams, closed when the session is forgotten. */
  streams: Set<ServerResponse>;
}

interface Sessions {
  /** The client's context, or null when the client id belongs to another browser. */
  contextFor(clientId: string, browserKey: string): HandlerContext | null;
  streamsOf(clientId: string): Set<ServerResponse>;
  size(): number;
}

/**
 * Each client id's own bank session around the shared services, bound to the browser that made it.
 * At most MAX_CLIENTS are kept, in least-recently-used order. To make room, the least recently used
 * session that is not signed in goes first; only when every one is signed in does the least recently
 * used signed-in one go — signed out at the bank (its token revoked) and its event streams closed —
 * so a flood of new client ids neither grows memory nor leaves a live bank token behind.
 */
function clientSessions(opts: WebHostOptions): Sessions {
  const sessions = new Map<string, ClientSession>();
  const workspace = opts.workspace ?? memoryWorkspaceStore();
  const max = Math.max(1, opts.maxClients ?? MAX_CLIENTS);
  const evictOne = () => {
    let victim: string | undefined;
    for (const [id, s] of sessions) {
      if (!s.tokens.get()) {
        victim = id;
        break;
      }
    }
    victim ??= sessions.keys().next().value as string;
    const gone = sessions.get(victim);
    sessions.delete(victim);
    if (!gone) return;
    for (const r of gone.streams) r.destroy();
    const token = gone.tokens.get();
    gone.tokens.set(null);
    if (token) {
      // The bank forgets the session now; if it cannot be told, the token still dies with its expiry.
      void opts.bank.call(bankApi.logout, { token }).catch(() => {});
    }
  };
  return {
    contextFor(clientId, browserKey) {
      const owner = digest(browserKey);
      let s = sessions.get(clientId);
      if (s) {
        if (!timingSafeEqual(s.owner, owner)) return null;
        // Most recently used last.
        sessions.delete(clientId);
        sessions.set(clientId, s);
      } else {
        while (sessions.size >= max) evictOne();
        s = {
          owner,
          tokens: new MemoryTokenStore(),
          streams: new Set(),
          ...(opts.station ? { station: opts.station() } : {}),
        };
        sessions.set(clientId, s);
      }
      return {
        bank: opts.bank,
        prefs: opts.prefs,
        workspace,
        tokens: s.tokens,
        transport: 'web',
        version: opts.version,
        ...(opts.contracts ? { contracts: opts.contracts } : {}),
        ...(s.station ? { station: s.station } : {}),
      };
    },
    streamsOf: (clientId) => sessions.get(clientId)?.streams ?? new Set(),
    size: () => sessions.size,
  };
}

/** The browser-mode push path: this client's bank API events, re-sent as server-sent events. */
function streamEvents(
  req: IncomingMessage,
  res: ServerResponse,
  bank: BankClient,
  tokens: TokenStore,
  streams: Set<ServerResponse>,
  own: Set<ServerResponse>,
) {
  if (!tokens.get()) return refuse(res, 401, IpcErrorCode.notSignedIn, 'Not signed in.');
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  const write = (e: WorkstationEvent) => res.write(`data: ${JSON.stringify(e)}\n\n`);
  res.write(': connected\n\n');
  const stop = subscribeBankEvents({
    baseUrl: bank.baseUrl,
    token: () => tokens.get(),
    onEvent: write,
    onStatus: (connected) => write({ type: 'stream.status', connected }),
  });
  const beat = setInterval(() => res.write(': heartbeat\n\n'), 15_000);
  req.on('close', () => {
    clearInterval(beat);
    stop();
  });
  streams.add(res);
  own.add(res);
  res.on('close', () => {
    streams.delete(res);
    own.delete(res);
  });
}

/** One IPC call: POST, at most 1 MiB of JSON (a file-carrying channel: its own cap), through the same dispatch as Electron's. */
async function serveIpc(req: IncomingMessage, res: ServerResponse, channel: string, ctx: HandlerContext) {
  const limit = FILE_CHANNEL_MAX_BODY_BYTES[channel] ?? MAX_BODY_BYTES;
  const raw = await readBody(req, limit);
  if (raw === null)
    return refuse(res, 413, IpcErrorCode.invalidRequest, `Request larger than ${limit / (1024 * 1024)} MiB.`);
  let payload: unknown;
  try {
    payload = raw ? JSON.parse(raw) : {};
  } catch {
    return refuse(res, 400, IpcErrorCode.invalidRequest, 'Request body is not valid JSON.');
  }
  send(res, 200, await dispatch(handlers, channel, payload, ctx));
}

/** A request path that is not valid percent-encoding (e.g. `/%E0%A4%A`). */
class BadPath extends Error {}

/**
 * The file a request path names inside `root`, or null when it names none there. `root` is compared
 * with a trailing separator, so a sibling folder whose name starts like it (`/..%2frenderer-x/…`) is
 * outside; a directory means its index.html. Throws BadPath on malformed percent-encoding.
 */
export function resolveStatic(root: string, pathname: string): string | null {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    throw new BadPath(pathname);
  }
  if (rel.includes('\0')) return null;
  if (rel === '/favicon.ico') {
    for (const name of FAVICONS) {
      const f = join(root, name);
      if (isFile(f)) return f;
    }
    return null;
  }
  let file = resolve(root, `.${rel.startsWith('/') ? '' : '/'}${rel}`);
  if (file !== root && !file.startsWith(root + sep)) return null;
  if (isDirectory(file)) file = join(file, 'index.html');
  return isFile(file) ? file : null;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The cookie that carries a new browser key: HttpOnly, SameSite=Strict, this host only, this browser session. */
function browserCookie(): string {
  return `${BROWSER_COOKIE}=${randomBytes(32).toString('base64url')}; Path=/; HttpOnly; SameSite=Strict`;
}

/** The built renderer's files, with the app's CSP; nothing outside `root`. */
function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string, root: string) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' });
  let file: string | null;
  try {
    file = resolveStatic(root, pathname);
  } catch (e) {
    if (!(e instanceof BadPath)) throw e;
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    return res.end('bad request: malformed percent-encoding in the path');
  }
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    return res.end('not found');
  }
  const headers: Record<string, string> = {
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  };
  // The page is where a browser gets its key (a key it already has is kept: its sessions stay bound).
  if (!browserKeyOf(req)) headers['set-cookie'] = browserCookie();
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
}

function rendererRoot(dir: string): string {
  const root = resolve(dir);
  if (!isFile(join(root, 'index.html'))) {
    throw new Error(
      `The renderer is not built (${join(root, 'index.html')} is missing). Run \`npm run build:renderer\`.`,
    );
  }
  return root;
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const secret = Buffer.from(opts.secret ?? randomBytes(24).toString('base64url'));
  const root = rendererRoot(opts.rendererDir);
  const sessions = clientSessions(opts);
  const streams = new Set<ServerResponse>();
  let allowedHosts = new Set<string>();
  let origins = new Set<string>();

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    // DNS-rebinding guard: only our own loopback host names are served.
    if (!allowedHosts.has(req.headers.host ?? '')) return send(res, 421, { error: 'wrong host' });
    const url = new URL(req.url ?? '/', 'http://localhost');
    const isIpc = url.pathname.startsWith('/ipc/');
    if (url.pathname !== '/events' && !isIpc) return serveStatic(req, res, url.pathname, root);
    if (isIpc && req.method !== 'POST')
      return send(res, 405, { ok: false, error: { code: IpcErrorCode.methodNotAllowed, message: 'POST only' } });
    let channel = '';
    if (isIpc) {
      try {
        channel = decodeURIComponent(url.pathname.slice('/ipc/'.length));
      } catch {
        return refuse(res, 400, IpcErrorCode.invalidRequest, 'Malformed percent-encoding in the channel name.');
      }
    }
    const who = authorise(req, res, { secret, origins });
    if (who === null) return;
    const ctx = sessions.contextFor(who.clientId, who.browserKey);
    if (!ctx) {
      return refuse(
        res,
        403,
        IpcErrorCode.forbiddenSender,
        'This client id belongs to another browser: reload the page from the URL that `npm run web` printed.',
      );
    }
    if (!isIpc) return streamEvents(req, res, opts.bank, ctx.tokens, streams, sessions.streamsOf(who.clientId));
    return serveIpc(req, res, channel, ctx);
  };
  const server = createServer(async (req, res) => {
    try {
      await route(req, res);
    } catch (e) {
      console.error('web host error', e);
      if (!res.headersSent)
        send(res, 500, { ok: false, error: { code: IpcErrorCode.internal, message: 'web host error' } });
    }
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? DEFAULT_WEB_PORT, '127.0.0.1', () => ok());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  origins = new Set([...allowedHosts].map((h) => `http://${h}`));
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    openUrl: `${url}/#k=${secret.toString()}`,
    sessionCount: () => sessions.size(),
    close: () =>
      new Promise((ok) => {
        for (const r of streams) r.destroy();
        server.close(() => ok());
      }),
  };
}

export const newClientId = () => randomUUID();

/**
 * Browser mode: a loopback-only web host that serves the built renderer and the same IPC handler
 * table over HTTP. It is a second transport, not a second implementation. Every call must carry the
 * per-run secret (printed in the URL fragment, never sent in a URL the server logs) and a client id —
 * one guard (`authorise`) for the IPC calls and the event stream alike; each client id gets its own bank
 * session, kept in this process's memory. The host's environment is read by electron/web/config.ts.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import type { WorkstationEvent } from '../../shared/ipc/channels/queue';
import { IpcErrorCode, WebHostHeader } from '../../shared/ipc/transport';
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
const MAX_CLIENTS = 1000;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

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
}

export interface WebHost {
  url: string;
  /** The URL to open: carries the secret in its fragment. */
  openUrl: string;
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

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const CLIENT_ID = /^[A-Za-z0-9-]{16,64}$/;

/**
 * The one guard of /ipc/ and /events: the run's secret (compared in constant time) and a well-formed
 * client id. Returns the client id, or null when it refused (the answer is already sent).
 */
function authorise(req: IncomingMessage, res: ServerResponse, secret: Buffer): string | null {
  const given = Buffer.from(String(req.headers[WebHostHeader.secret] ?? ''));
  if (given.length !== secret.length || !timingSafeEqual(given, secret)) {
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
  return clientId;
}

/** Each client id's own bank session (the oldest forgotten beyond MAX_CLIENTS), around the shared services. */
function clientSessions(opts: WebHostOptions): (clientId: string) => HandlerContext {
  const sessions = new Map<string, MemoryTokenStore>();
  const workspace = opts.workspace ?? memoryWorkspaceStore();
  return (clientId) => {
    let tokens = sessions.get(clientId);
    if (!tokens) {
      if (sessions.size >= MAX_CLIENTS) sessions.delete(sessions.keys().next().value as string);
      tokens = new MemoryTokenStore();
      sessions.set(clientId, tokens);
    }
    return {
      bank: opts.bank,
      prefs: opts.prefs,
      workspace,
      tokens,
      transport: 'web',
      version: opts.version,
      ...(opts.contracts ? { contracts: opts.contracts } : {}),
    };
  };
}

/** The browser-mode push path: this client's bank API events, re-sent as server-sent events. */
function streamEvents(
  req: IncomingMessage,
  res: ServerResponse,
  bank: BankClient,
  tokens: TokenStore,
  streams: Set<ServerResponse>,
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
  res.on('close', () => streams.delete(res));
}

/** One IPC call: POST, at most 1 MiB of JSON, through the same dispatch as Electron's. */
async function serveIpc(req: IncomingMessage, res: ServerResponse, channel: string, ctx: HandlerContext) {
  const raw = await readBody(req);
  if (raw === null) return refuse(res, 413, IpcErrorCode.invalidRequest, 'Request larger than 1 MiB.');
  let payload: unknown;
  try {
    payload = raw ? JSON.parse(raw) : {};
  } catch {
    return refuse(res, 400, IpcErrorCode.invalidRequest, 'Request body is not valid JSON.');
  }
  send(res, 200, await dispatch(handlers, channel, payload, ctx));
}

/** The built renderer's files, with the app's CSP; nothing outside `root`. */
function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string, root: string) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' });
  const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1));
  const file = normalize(join(root, rel));
  if (!file.startsWith(root) || !existsSync(file)) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    return res.end('not found');
  }
  res.writeHead(200, {
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
}

function rendererRoot(dir: string): string {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(
      `The renderer is not built (${join(root, 'index.html')} is missing). Run \`npm run build:renderer\`.`,
    );
  }
  return root;
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const secret = Buffer.from(opts.secret ?? randomBytes(24).toString('base64url'));
  const root = rendererRoot(opts.rendererDir);
  const contextFor = clientSessions(opts);
  const streams = new Set<ServerResponse>();
  let allowedHosts = new Set<string>();

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    // DNS-rebinding guard: only our own loopback host names are served.
    if (!allowedHosts.has(req.headers.host ?? '')) return send(res, 421, { error: 'wrong host' });
    const url = new URL(req.url ?? '/', 'http://localhost');
    const isIpc = url.pathname.startsWith('/ipc/');
    if (url.pathname !== '/events' && !isIpc) return serveStatic(req, res, url.pathname, root);
    if (isIpc && req.method !== 'POST')
      return send(res, 405, { ok: false, error: { code: IpcErrorCode.methodNotAllowed, message: 'POST only' } });
    const clientId = authorise(req, res, secret);
    if (clientId === null) return;
    const ctx = contextFor(clientId);
    if (!isIpc) return streamEvents(req, res, opts.bank, ctx.tokens, streams);
    return serveIpc(req, res, decodeURIComponent(url.pathname.slice('/ipc/'.length)), ctx);
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
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    openUrl: `${url}/#k=${secret.toString()}`,
    close: () =>
      new Promise((ok) => {
        for (const r of streams) r.destroy();
        server.close(() => ok());
      }),
  };
}

export const newClientId = () => randomUUID();

/**
 * Browser mode: a loopback-only web host that serves the built renderer and the same IPC handler
 * table over HTTP. It is a second transport, not a second implementation. Every call must carry the
 * per-run secret (printed in the URL fragment, never sent in a URL the server logs) and a client id;
 * each client id gets its own bank session, kept in this process's memory.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import type { WorkstationEvent } from '../../shared/ipc/channels/queue';
import { IpcErrorCode, WebHostHeader } from '../../shared/ipc/transport';
import { dispatch } from '../ipc/dispatch';
import { type HandlerContext, handlers } from '../ipc/handlers';
import { CONTENT_SECURITY_POLICY } from '../security';
import type { BankClient } from '../services/bank-client';
import { subscribeBankEvents } from '../services/bank-events';
import { MemoryTokenStore, type PrefsStore, type TokenStore } from '../services/stores';
import { memoryWorkspaceStore, type WorkspaceStore } from '../services/workspace-store';

const SECRET_HEADER = WebHostHeader.secret;
const CLIENT_HEADER = WebHostHeader.client;
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

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const secret = Buffer.from(opts.secret ?? randomBytes(24).toString('base64url'));
  const sessions = new Map<string, MemoryTokenStore>();
  const root = resolve(opts.rendererDir);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(
      `The renderer is not built (${join(root, 'index.html')} is missing). Run \`npm run build:renderer\`.`,
    );
  }
  let allowedHosts = new Set<string>();
  const workspace = opts.workspace ?? memoryWorkspaceStore();

  const contextFor = (clientId: string): HandlerContext => {
    let tokens = sessions.get(clientId);
    if (!tokens) {
      if (sessions.size >= MAX_CLIENTS) sessions.delete(sessions.keys().next().value as string);
      tokens = new MemoryTokenStore();
      sessions.set(clientId, tokens);
    }
    return { bank: opts.bank, prefs: opts.prefs, workspace, tokens, transport: 'web', version: opts.version };
  };

  /** The same guard as /ipc/: the run's secret and a well-formed client id; null when refused (already answered). */
  const authorise = (req: IncomingMessage, res: ServerResponse): string | null => {
    const given = Buffer.from(String(req.headers[SECRET_HEADER] ?? ''));
    if (given.length !== secret.length || !timingSafeEqual(given, secret)) {
      send(res, 403, {
        ok: false,
        error: { code: IpcErrorCode.forbiddenSender, message: 'Wrong secret.', status: 403 },
      });
      return null;
    }
    const clientId = String(req.headers[CLIENT_HEADER] ?? '');
    if (!/^[A-Za-z0-9-]{16,64}$/.test(clientId)) {
      send(res, 400, {
        ok: false,
        error: { code: IpcErrorCode.invalidRequest, message: 'Missing client id.', status: 400 },
      });
      return null;
    }
    return clientId;
  };

  /** The browser-mode push path: this client's bank API events, re-sent as server-sent events. */
  const streamEvents = (req: IncomingMessage, res: ServerResponse, tokens: TokenStore) => {
    if (!tokens.get()) {
      return send(res, 401, {
        ok: false,
        error: { code: IpcErrorCode.notSignedIn, message: 'Not signed in.', status: 401 },
      });
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    const write = (e: WorkstationEvent) => res.write(`data: ${JSON.stringify(e)}\n\n`);
    res.write(': connected\n\n');
    const stop = subscribeBankEvents({
      baseUrl: opts.bank.baseUrl,
      token: () => tokens.get(),
      onEvent: write,
      onStatus: (connected) => write({ type: 'stream.status', connected }),
    });
    const beat = setInterval(() => res.write(': heartbeat\n\n'), 15_000);
    const end = () => {
      clearInterval(beat);
      stop();
    };
    req.on('close', end);
    streams.add(res);
    res.on('close', () => streams.delete(res));
  };
  const streams = new Set<ServerResponse>();

  const server = createServer(async (req, res) => {
    try {
      // DNS-rebinding guard: only our own loopback host names are served.
      if (!allowedHosts.has(req.headers.host ?? '')) return send(res, 421, { error: 'wrong host' });
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/events') {
        const clientId = authorise(req, res);
        if (clientId === null) return;
        return streamEvents(req, res, contextFor(clientId).tokens);
      }
      if (url.pathname.startsWith('/ipc/')) {
        if (req.method !== 'POST')
          return send(res, 405, { ok: false, error: { code: IpcErrorCode.methodNotAllowed, message: 'POST only' } });
        const given = Buffer.from(String(req.headers[SECRET_HEADER] ?? ''));
        if (given.length !== secret.length || !timingSafeEqual(given, secret)) {
          return send(res, 403, {
            ok: false,
            error: {
              code: IpcErrorCode.forbiddenSender,
              message: 'Missing or wrong workstation secret: open the URL that `npm run web` printed.',
              status: 403,
            },
          });
        }
        const clientId = String(req.headers[CLIENT_HEADER] ?? '');
        if (!/^[A-Za-z0-9-]{16,64}$/.test(clientId)) {
          return send(res, 400, {
            ok: false,
            error: { code: IpcErrorCode.invalidRequest, message: 'Missing client id.', status: 400 },
          });
        }
        const raw = await readBody(req);
        if (raw === null)
          return send(res, 413, {
            ok: false,
            error: { code: IpcErrorCode.invalidRequest, message: 'Request larger than 1 MiB.', status: 413 },
          });
        let payload: unknown;
        try {
          payload = raw ? JSON.parse(raw) : {};
        } catch {
          return send(res, 400, {
            ok: false,
            error: { code: IpcErrorCode.invalidRequest, message: 'Request body is not valid JSON.', status: 400 },
          });
        }
        const channel = decodeURIComponent(url.pathname.slice('/ipc/'.length));
        const result = await dispatch(handlers, channel, payload, contextFor(clientId));
        return send(res, 200, result);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' });
      const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
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
    } catch (e) {
      console.error('web host error', e);
      if (!res.headersSent)
        send(res, 500, { ok: false, error: { code: IpcErrorCode.internal, message: 'web host error' } });
    }
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 5199, '127.0.0.1', () => ok());
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

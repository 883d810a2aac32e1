/**
 * How main's requests reach the bank API: one small interface (`BankFetch`, the shape of `fetch`)
 * behind the bank client and the event stream, with three implementations chosen at start:
 *
 * - Electron: `net.fetch` (Chromium's network stack: the system proxy settings, the OS certificate
 *   store; an extra CA through the session's certificate check). main.ts passes it in.
 * - Plain Node (browser mode, tests, or Electron with a client certificate, which Chromium's stack
 *   cannot take from a file): `nodeTlsFetch`, node:https with the system's roots plus the extra CA and
 *   the PKCS#12 client certificate.
 * - Node's global fetch (undici) when there is no extra TLS material.
 * - `refusingFetch`: the settings are wrong, so no request leaves the machine; every call fails with
 *   the problem's message (code `bank.config_invalid`), which the window shows.
 *
 * `classifyNetworkError` tells a certificate problem from an unreachable bank, for both stacks.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { rootCertificates } from 'node:tls';
import type { TlsMaterial } from './tls';

export type BankFetch = (url: URL, init: RequestInit) => Promise<Response>;

/** Codes of network failures, beside IpcErrorCode.bankUnreachable. */
export const NetworkErrorCode = {
  /** The bank's certificate was refused (unknown issuer, expired, wrong name) or our client certificate was. */
  certificate: 'bank.certificate_invalid',
  /** The bank network settings are wrong; nothing was sent. */
  configInvalid: 'bank.config_invalid',
  unreachable: 'bank.unreachable',
} as const;

/** An error that carries its code (the bank client turns it into a BankApiError). */
export class NetworkError extends Error {
  constructor(
    readonly code: (typeof NetworkErrorCode)[keyof typeof NetworkErrorCode],
    message: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

// Node's TLS codes (OpenSSL verification and host name) and Chromium's net::ERR_CERT_* / SSL errors.
const CERT_CODES =
  /CERT|SELF_SIGNED|UNABLE_TO_(GET_ISSUER|VERIFY)|ERR_TLS_CERT_ALTNAME|ERR_SSL|ERR_BAD_SSL|SSL_PROTOCOL|HANDSHAKE|alert (bad|unknown|certificate)|tlsv1 alert/i;

/** A certificate problem or an unreachable bank, from whatever the transport threw. */
export function classifyNetworkError(e: unknown): { code: string; detail: string } {
  if (e instanceof NetworkError) return { code: e.code, detail: e.message };
  const parts: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 4; depth++) {
    const c = cur as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof c.code === 'string') parts.push(c.code);
    if (typeof c.message === 'string') parts.push(c.message);
    cur = c.cause;
  }
  const detail = parts.filter((p, i) => parts.indexOf(p) === i).join(': ') || String(e);
  if ((e as Error)?.name === 'TimeoutError' || (e as Error)?.name === 'AbortError')
    return { code: NetworkErrorCode.unreachable, detail };
  return { code: CERT_CODES.test(detail) ? NetworkErrorCode.certificate : NetworkErrorCode.unreachable, detail };
}

function toHeaders(res: IncomingMessage): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(res.headers)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) h.append(k, one);
  }
  return h;
}

function bodyOf(body: RequestInit['body']): string | Uint8Array | undefined {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  throw new TypeError('nodeTlsFetch sends string or byte bodies only');
}

/**
 * `fetch` over node:https with the system's root certificates plus `tls.ca`, presenting `tls.pfx` when
 * given. Streams the answer (the event stream reads it as it comes). http URLs (loopback only, by the
 * https rule) go over node:http.
 */
export function nodeTlsFetch(tls: TlsMaterial): BankFetch {
  const agent = new Agent({
    keepAlive: true,
    ca: [...rootCertificates, ...tls.ca],
    ...(tls.pfx ? { pfx: tls.pfx.bytes, passphrase: tls.pfx.passphrase } : {}),
  });
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((v, k) => {
        headers[k] = v;
      });
      const opts = { method: init.method ?? 'GET', headers, signal: init.signal ?? undefined };
      const onResponse = (res: IncomingMessage) => {
        const status = res.statusCode ?? 502;
        const empty = status === 204 || status === 304 || opts.method === 'HEAD';
        if (empty) res.resume();
        resolve(
          new Response(empty ? null : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>), {
            status,
            statusText: res.statusMessage ?? '',
            headers: toHeaders(res),
          }),
        );
      };
      const req =
        url.protocol === 'https:'
          ? httpsRequest(url, { ...opts, agent }, onResponse)
          : httpRequest(url, opts, onResponse);
      req.on('error', reject);
      const body = bodyOf(init.body);
      if (body !== undefined) req.write(body);
      req.end();
    });
}

/** A transport that sends nothing: the settings are wrong, and this is what is wrong with them. */
export function refusingFetch(message: string): BankFetch {
  return async () => {
    throw new NetworkError(NetworkErrorCode.configInvalid, message);
  };
}

/** Node's fetch, unless there is TLS material it cannot take; then node:https. */
export function nodeTransport(tls: TlsMaterial): BankFetch {
  if (tls.ca.length === 0 && !tls.pfx) return (url, init) => fetch(url, init);
  return nodeTlsFetch(tls);
}

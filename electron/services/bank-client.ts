import type { z } from 'zod';
import { type BankRoute, type PathParams, pathOf, type QueryValue } from '../../shared/api/paths';
import { ProblemSchema } from '../../shared/api/problem';
import { BankHeader, bearer, IpcErrorCode } from '../../shared/ipc/transport';
import { type BankFetch, classifyNetworkError, NetworkErrorCode } from '../network/transport';

/** A refusal or failure from the bank API, carrying its problem document's code and status. */
export class BankApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
    readonly problem?: unknown,
    /** The field at fault, when the error is about one (a bank answer that does not match its schema). */
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface BankRequest {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Receives the response headers (e.g. Idempotent-Replayed) before the body is parsed. */
  onHeaders?: (headers: Headers) => void;
}

/** One call of a declared route: its path parameters (when its URL has any) and query. */
export type BankCall<U extends string> = BankRequest & {
  query?: Readonly<Record<string, QueryValue>>;
} & ([keyof PathParams<U>] extends [never] ? { params?: undefined } : { params: PathParams<U> });

export const BANK_REQUEST_TIMEOUT_MS = 15_000;

/** A query string from named values: null and undefined left out, lists comma-joined. */
export function queryString(query: Readonly<Record<string, QueryValue>> | undefined): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null) continue;
    qs.set(k, typeof v === 'object' ? v.join(',') : String(v));
  }
  return qs.toString();
}

/**
 * The main process's only door to the bank API. Plain Node; the requests go through a `BankFetch`
 * (electron/network/transport.ts: Electron's net.fetch in the app, Node's fetch or node:https with the
 * bank's CA and client certificate elsewhere; Node's global fetch when none is given).
 *
 * `call` is what the workstation uses: a route from shared/api/paths.ts, whose answer is checked against
 * the route's schema — an answer of another shape is refused (`internal_contract_mismatch`, naming the
 * route and the field, logged) rather than handed on as if it were right.
 */
export class BankClient {
  constructor(
    readonly baseUrl: string,
    /** The transport; the event stream (bank-events.ts) uses the same one. */
    readonly fetch: BankFetch = (url, init) => globalThis.fetch(url, init),
  ) {}

  async call<U extends string, R extends z.ZodType>(route: BankRoute<U, R>, call: BankCall<U>): Promise<z.output<R>> {
    const qs = queryString(call.query);
    const path = `${pathOf(route.url, (call.params ?? {}) as PathParams<U>)}${qs ? `?${qs}` : ''}`;
    const json = await this.request(route.method, path, call);
    const parsed = route.response.safeParse(json);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || '(root)';
    const what = `${route.method} ${route.url}`;
    // The route and the field, never the value: answers carry customers' names and ID numbers.
    console.error(`bank API answer to ${what} does not match its schema at ${field}: ${issue?.message ?? 'invalid'}`);
    throw new BankApiError(
      IpcErrorCode.contractMismatch,
      `The bank API's answer to ${what} does not match the workstation's contract (${field}: ${issue?.message ?? 'invalid'}).`,
      502,
      undefined,
      field,
    );
  }

  /**
   * One HTTP exchange, answer unchecked: the transport under `call`, and what tests use to set the
   * scene. Throws BankApiError for a refusal, an unreachable API or an answer that is not JSON.
   */
  async request<T = unknown>(method: string, path: string, opts: BankRequest = {}): Promise<T> {
    const res = await this.exchange(method, path, opts, 'application/json');
    opts.onHeaders?.(res.headers);
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new BankApiError(
        IpcErrorCode.bankBadResponse,
        `The bank API answered ${res.status} with something that is not JSON.`,
        res.status,
      );
    }
    if (!res.ok) throw refusal(res.status, json);
    return json as T;
  }

  /**
   * A PDF the bank API serves (credit memo, published 清单), as bytes, over the same transport as every
   * other call; a refusal still comes as a problem document and becomes BankApiError as `request`'s do.
   */
  async pdf(path: string, token: string): Promise<Uint8Array> {
    return this.file(path, token, ['application/pdf']);
  }

  /** A file the bank API serves as one of `types` (e.g. an evidence scan: PDF, JPEG or PNG), as `pdf` does. */
  async file(path: string, token: string, types: readonly string[]): Promise<Uint8Array> {
    const res = await this.exchange('GET', path, { token }, types.join(', '));
    const type = res.headers.get('content-type') ?? '';
    if (res.ok && types.some((t) => type.startsWith(t))) {
      return new Uint8Array(await res.arrayBuffer());
    }
    const json: unknown = await res.json().catch(() => null);
    if (!res.ok) throw refusal(res.status, json);
    throw new BankApiError(
      IpcErrorCode.bankBadResponse,
      `The bank API answered ${res.status} without a file of the type asked for (${types.join(', ')}).`,
      res.status,
    );
  }

  /** The HTTP exchange itself; a transport failure becomes the BankApiError the window explains. */
  private async exchange(method: string, path: string, opts: BankRequest, accept: string): Promise<Response> {
    const headers: Record<string, string> = { [BankHeader.accept]: accept, ...opts.headers };
    if (opts.token) headers[BankHeader.authorization] = bearer(opts.token);
    if (opts.body !== undefined) headers[BankHeader.contentType] = 'application/json';
    let res: Response;
    try {
      res = await this.fetch(new URL(path, this.baseUrl), {
        method,
        headers,
        body: opts.body === undefined ? null : JSON.stringify(opts.body),
        signal: opts.signal ?? AbortSignal.timeout(BANK_REQUEST_TIMEOUT_MS),
      });
    } catch (e) {
      // A refused certificate and wrong settings are told apart from an unreachable bank: the window
      // shows each with what to do about it.
      const { code, detail } = classifyNetworkError(e);
      if (code === NetworkErrorCode.configInvalid) throw new BankApiError(code, detail, 503);
      if (code === NetworkErrorCode.certificate)
        throw new BankApiError(
          code,
          `The bank API at ${this.baseUrl} presented a certificate that is not trusted (${detail}).`,
          502,
        );
      throw new BankApiError(
        IpcErrorCode.bankUnreachable,
        `The bank API at ${this.baseUrl} cannot be reached (${detail}).`,
      );
    }
    return res;
  }
}

/** A refusal: the bank's problem document as it is, or a plain error naming the status. */
function refusal(status: number, json: unknown): BankApiError {
  const p = ProblemSchema.safeParse(json);
  if (p.success) return new BankApiError(p.data.code, p.data.detail, p.data.status, json);
  return new BankApiError(IpcErrorCode.bankError, `The bank API answered ${status}.`, status, json);
}

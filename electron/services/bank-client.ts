import { ProblemSchema } from '../../shared/api/problem';
import { IpcErrorCode } from '../../shared/ipc/contract';

/** A refusal or failure from the bank API, carrying its problem document's code and status. */
export class BankApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
    readonly problem?: unknown,
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

export const BANK_REQUEST_TIMEOUT_MS = 15_000;

/** The main process's only door to the bank API. Plain Node (global fetch); no Electron. */
export class BankClient {
  constructor(readonly baseUrl: string) {}

  async request<T>(method: string, path: string, opts: BankRequest = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), {
        method,
        headers,
        body: opts.body === undefined ? null : JSON.stringify(opts.body),
        signal: opts.signal ?? AbortSignal.timeout(BANK_REQUEST_TIMEOUT_MS),
      });
    } catch (e) {
      throw new BankApiError(
        IpcErrorCode.bankUnreachable,
        `The bank API at ${this.baseUrl} cannot be reached (${(e as Error).message}).`,
      );
    }
    opts.onHeaders?.(res.headers);
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new BankApiError(
        'bank.bad_response',
        `The bank API answered ${res.status} with something that is not JSON.`,
        res.status,
      );
    }
    if (!res.ok) {
      const p = ProblemSchema.safeParse(json);
      if (p.success) throw new BankApiError(p.data.code, p.data.detail, p.data.status, json);
      throw new BankApiError('bank.error', `The bank API answered ${res.status}.`, res.status, json);
    }
    return json as T;
  }
}

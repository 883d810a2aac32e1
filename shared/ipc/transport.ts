/**
 * Transport vocabulary in one place: the header names the workstation's two hops use (browser page →
 * web host, main → bank API) and the stable error codes the IPC layer itself raises. The bank API's own
 * refusal codes (e.g. `invalid_credentials`) pass through unchanged and are not listed here.
 */

/**
 * Headers of the browser-mode web host (electron/web/host.ts); the browser-mode client
 * (renderer/client/workstation.ts) sends them.
 */
export const WebHostHeader = {
  /** The per-run secret from the URL fragment. */
  secret: 'x-workstation-secret',
  /** The tab's client id: each one gets its own bank session. */
  client: 'x-workstation-client',
} as const;

/** Headers main sends to and reads from the bank API (lower case, as Node's fetch hands them over). */
export const BankHeader = {
  accept: 'accept',
  authorization: 'authorization',
  contentType: 'content-type',
  /** Optimistic concurrency: the case or contract version the change was made against, as an ETag. */
  ifMatch: 'if-match',
  /** One key per submission: a retry replays the first answer instead of acting twice. */
  idempotencyKey: 'idempotency-key',
  /** `true` when the bank answered a retry from its idempotency record. */
  idempotentReplayed: 'idempotent-replayed',
} as const;

export const bearer = (token: string) => `Bearer ${token}`;
/** A version as an If-Match / ETag value. */
export const etag = (version: number) => `"${version}"`;

/** Stable codes of errors raised by the IPC layer itself (the bank API's codes pass through). */
export const IpcErrorCode = {
  unknownChannel: 'ipc.unknown_channel',
  invalidRequest: 'ipc.invalid_request',
  forbiddenSender: 'ipc.forbidden_sender',
  /** The web host takes IPC calls as POST only. */
  methodNotAllowed: 'ipc.method',
  /** The preload could not read main's answer as an IPC result. */
  badResponse: 'ipc.bad_response',
  notSignedIn: 'auth.not_signed_in',
  /** Browser mode: the page could not reach the web host at all. */
  workstationUnreachable: 'workstation.unreachable',
  bankUnreachable: 'bank.unreachable',
  /** The bank API answered with something that is not JSON. */
  bankBadResponse: 'bank.bad_response',
  /** The bank API refused without a problem document. */
  bankError: 'bank.error',
  /**
   * An answer that does not have the shape its contract declares: a handler's answer against its
   * channel's response schema, or a bank API answer against its route's. Never passed on.
   */
  contractMismatch: 'internal_contract_mismatch',
  internal: 'ipc.internal',
} as const;
export type IpcErrorCodeValue = (typeof IpcErrorCode)[keyof typeof IpcErrorCode];

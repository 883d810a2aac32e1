/**
 * Headers on every answer, and problem documents for the errors Node's HTTP parser raises before
 * Fastify sees a request.
 *
 * - `X-Content-Type-Options: nosniff` everywhere: a browser never guesses a type we did not send.
 * - `Cache-Control: no-store` on everything except the OpenAPI document: answers carry personal data
 *   and session tokens, and no browser, proxy or disk cache may keep them. (The events route hijacks
 *   its reply and writes its own `no-store` headers.)
 * - A request line or headers over Node's limit (431), a malformed request (400) and a request that
 *   took too long to arrive (408) are answered on the raw socket — there is no request object yet —
 *   with the same `application/problem+json` body as every other refusal.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type Problem, problemType } from '../../shared/api/problem';

export const NOSNIFF = ['x-content-type-options', 'nosniff'] as const;
export const NO_STORE = ['cache-control', 'no-store'] as const;

/** Only the OpenAPI document may be cached: it holds no personal data and changes only with a release. */
const mayBeCached = (url: string) => url === '/openapi.json' || url.startsWith('/openapi.json?');

export function setSecurityHeaders(reply: FastifyReply, url: string) {
  reply.header(...NOSNIFF);
  if (!mayBeCached(url)) reply.header(...NO_STORE);
}

/** Sets {@link setSecurityHeaders} on every request that reaches routing (routes, 404s, errors). */
export function installSecurityHeaders(app: FastifyInstance) {
  app.addHook('onRequest', (req, reply, done) => {
    setSecurityHeaders(reply, req.url);
    done();
  });
}

/** How long a refused connection may linger (draining what the client still sends) before it is cut. */
export const CLIENT_ERROR_LINGER_MS = 2000;

type ClientError = Error & { code?: string };

/** The problem document for an error Node's HTTP server reports on a connection. */
export function clientErrorProblem(err: ClientError): Omit<Problem, 'instance' | 'errors'> {
  const make = (status: number, code: string, title: string, detail: string) => ({
    type: problemType(code),
    title,
    status,
    detail,
    code,
  });
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return make(
        431,
        'headers_too_large',
        'Request header fields too large',
        `The request line and headers are longer than the ${http.maxHeaderSize} bytes the bank API accepts; shorten the URL or the headers.`,
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return make(408, 'request_timeout', 'Request timeout', 'The request did not arrive in time; send it again.');
    default:
      return make(400, 'malformed_request', 'Bad request', 'The request is not well-formed HTTP/1.1.');
  }
}

/** The whole HTTP response for {@link clientErrorProblem}, ready to write to a socket. */
export function rawProblemResponse(problem: ReturnType<typeof clientErrorProblem>): string {
  const body = JSON.stringify(problem);
  return [
    `HTTP/1.1 ${problem.status} ${http.STATUS_CODES[problem.status] ?? 'Error'}`,
    'Content-Type: application/problem+json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `${NO_STORE[0]}: ${NO_STORE[1]}`,
    `${NOSNIFF[0]}: ${NOSNIFF[1]}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * Fastify's `clientErrorHandler`: answers the connection with a problem document and closes it. The
 * error is logged at debug through the allow-list serializer, so the raw bytes Node attaches to
 * parser errors (`rawPacket`, which may hold an Authorization header) are never written.
 */
export function clientErrorHandler(this: FastifyInstance, err: ClientError, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const problem = clientErrorProblem(err);
  this.log.debug({ err, statusCode: problem.status }, `client error answered with ${problem.code}`);
  // As Node itself does: never write into a response that has already started on this socket.
  const inFlight = (socket as Socket & { _httpMessage?: http.ServerResponse | null })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  socket.end(rawProblemResponse(problem));
  // Keep reading (and discarding) what the client is still sending, so closing does not reset the
  // connection before it has read the answer; then cut it.
  socket.on('data', () => {});
  socket.resume();
  setTimeout(() => socket.destroy(), CLIENT_ERROR_LINGER_MS).unref();
}

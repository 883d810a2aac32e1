import { z } from 'zod';
import { LoginRequestSchema, LoginResponseSchema, UserSchema } from '../../shared/api/auth';
import { HASH_CONCURRENCY, HASH_QUEUE_PER_LANE, HashingGate } from '../auth/hashing-gate';
import { DEFAULT_LOGIN_LIMITS, type LimitReason, LoginLimiter, type LoginLimitsConfig } from '../auth/limits';
import type { SessionService } from '../auth/sessions';
import { normalizeUsername } from '../auth/username';
import { ApiProblem, serviceUnavailable, tooManyRequests } from '../http/problems';
import { defineRoute } from '../http/routes';

/** Sign-in attempts per address and name per minute, unless the deployment sets LOGIN_ATTEMPTS_PER_MINUTE. */
export const LOGIN_ATTEMPTS_PER_MINUTE = DEFAULT_LOGIN_LIMITS.attemptsPerAddressAndName;
/** Seconds a sign-in refused as busy is told to wait. */
export const BUSY_RETRY_AFTER_S = 1;

/** The sign-in limits (auth/limits.ts) and the bound on concurrent password checks (auth/hashing-gate.ts). */
export interface LoginLimitOptions extends Partial<LoginLimitsConfig> {
  hashConcurrency?: number;
  hashQueuePerLane?: number;
}

/** What a refused sign-in tells the clerk to do, per limit. */
const REFUSAL: Record<LimitReason, (seconds: number) => string> = {
  address_and_name: (s) =>
    `Too many sign-in attempts for this username from this computer. Try again in ${s} s; if the password is forgotten, ask IT support to reset it.`,
  address: (s) =>
    `Too many failed sign-ins from this network address. Try again in ${s} s; if it keeps happening, tell IT security — someone on this network may be guessing passwords.`,
  account: (s) =>
    `Several wrong passwords were tried for this username from other computers. Wait ${s} s before trying again; if it was not you, tell IT security. Sign-in from a computer where this user signed in before is not delayed.`,
};

export function authRoutes(sessions: SessionService, limits: number | LoginLimitOptions = {}) {
  const opts: LoginLimitOptions = typeof limits === 'number' ? { attemptsPerAddressAndName: limits } : limits;
  const limiter = new LoginLimiter({
    attemptsPerAddressAndName: opts.attemptsPerAddressAndName,
    failuresPerAddress: opts.failuresPerAddress,
  });
  const gate = new HashingGate(opts.hashConcurrency ?? HASH_CONCURRENCY, opts.hashQueuePerLane ?? HASH_QUEUE_PER_LANE);
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/auth/login',
      summary:
        'Sign in with username and password; returns an opaque bearer token. The username is matched trimmed, NFKC-normalised and in lower case.',
      tags: ['auth'],
      access: 'public',
      body: LoginRequestSchema,
      response: LoginResponseSchema,
      problems: {
        429: 'rate_limited: too many attempts for this name from this address, too many failures from this address, or the account is in backoff (Retry-After says when to try again)',
        503: 'busy: too many password checks at once; try again after Retry-After',
      },
      async handler({ body, req, reply }) {
        const username = normalizeUsername(body.username);
        const verdict = limiter.admit(req.ip, username);
        if (!verdict.admitted) {
          const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
          reply.header('retry-after', String(seconds));
          const p = tooManyRequests(REFUSAL[verdict.reason](seconds), seconds);
          throw new ApiProblem(p.status, p.code, p.title, p.detail, { ...p.extra, limit: verdict.reason });
        }
        const { ticket } = verdict;
        const slot = gate.enter(verdict.knownAddress ? 'known' : 'other');
        if (!slot) {
          ticket.withdrawn();
          reply.header('retry-after', String(BUSY_RETRY_AFTER_S));
          throw serviceUnavailable(
            'busy',
            `The bank API is checking many sign-ins at once. Try again in ${BUSY_RETRY_AFTER_S} s.`,
            BUSY_RETRY_AFTER_S,
          );
        }
        const release = await slot;
        let s: Awaited<ReturnType<SessionService['login']>>;
        try {
          s = await sessions.login(username, body.password);
        } catch (e) {
          ticket.withdrawn();
          throw e;
        } finally {
          release();
        }
        if (!s) {
          ticket.failed();
          throw new ApiProblem(401, 'invalid_credentials', 'Sign-in failed', 'The username or password is wrong.');
        }
        ticket.succeeded();
        return { token: s.token, expiresAt: s.expiresAt.toISOString(), user: s.user };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/auth/logout',
      summary: 'End the current session.',
      tags: ['auth'],
      access: 'authenticated',
      response: z.object({ ok: z.literal(true) }),
      async handler({ token }) {
        if (token) await sessions.logout(token);
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/me',
      summary: 'The signed-in user, with branch, roles and authority limits.',
      tags: ['auth'],
      access: 'authenticated',
      response: z.object({ user: UserSchema, expiresAt: z.string() }),
      async handler({ user, token }) {
        const expiresAt = token ? await sessions.expiresAt(token) : null;
        return { user, expiresAt: (expiresAt ?? new Date()).toISOString() };
      },
    }),
  ];
}

import { z } from 'zod';
import { LoginRequestSchema, LoginResponseSchema, UserSchema } from '../../shared/api/auth';
import type { SessionService } from '../auth/sessions';
import { ApiProblem } from '../http/problems';
import { defineRoute } from '../http/routes';

/** Sign-in attempts per address and name per minute, unless the deployment sets LOGIN_ATTEMPTS_PER_MINUTE. */
export const LOGIN_ATTEMPTS_PER_MINUTE = 10;

export function authRoutes(sessions: SessionService, attemptsPerMinute = LOGIN_ATTEMPTS_PER_MINUTE) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/auth/login',
      summary: 'Sign in with username and password; returns an opaque bearer token.',
      tags: ['auth'],
      access: 'public',
      body: LoginRequestSchema,
      response: LoginResponseSchema,
      rateLimit: {
        max: attemptsPerMinute,
        timeWindow: '1 minute',
        // Per address and per name, so one clerk's typos do not lock out the branch.
        keyGenerator: (req) =>
          `${req.ip}|${String((req.body as { username?: unknown } | undefined)?.username ?? '').slice(0, 64)}`,
      },
      async handler({ body }) {
        const s = await sessions.login(body.username, body.password);
        if (!s) {
          throw new ApiProblem(401, 'invalid_credentials', 'Sign-in failed', 'The username or password is wrong.');
        }
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
        return { user: user!, expiresAt: (expiresAt ?? new Date()).toISOString() };
      },
    }),
  ];
}

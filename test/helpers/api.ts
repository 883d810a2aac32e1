import type { FastifyInstance } from 'fastify';

let address = 0;

/**
 * Signs the demo users in (each from its own address, so the login rate limit never trips) and returns
 * `as(user, headers)`, which builds that user's request headers.
 */
export async function signIn(app: FastifyInstance, usernames: readonly string[]) {
  const tokens: Record<string, string> = {};
  for (const u of usernames) {
    address++;
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: u, password: 'demo-pass' },
      remoteAddress: `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`,
    });
    if (r.statusCode !== 200) throw new Error(`sign-in of ${u} failed: ${r.body}`);
    tokens[u] = r.json().token;
  }
  return (user: string, headers: Record<string, string> = {}) => ({
    authorization: `Bearer ${tokens[user]}`,
    ...headers,
  });
}

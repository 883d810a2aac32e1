import { createHash } from 'node:crypto';
import { bankApi } from '../../shared/api/paths';
import { type HandlerContext, requireToken } from './context';

/** Who holds this session, asked of the bank API once per token (drafts and layouts are kept per user). */
const userByToken = new Map<string, string>();
const MAX_CACHED = 1000;

export const tokenDigest = (token: string) => createHash('sha256').update(token).digest('base64url').slice(0, 22);

export async function currentUserId(ctx: HandlerContext): Promise<string> {
  const token = requireToken(ctx);
  const digest = tokenDigest(token);
  const known = userByToken.get(digest);
  if (known) return known;
  const me = await ctx.bank.call(bankApi.me, { token });
  if (userByToken.size >= MAX_CACHED) userByToken.delete(userByToken.keys().next().value as string);
  userByToken.set(digest, me.user.id);
  return me.user.id;
}

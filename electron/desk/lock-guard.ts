/**
 * The idle lock enforced in main, around the one handler table (so Electron's IPC and the web host
 * both get it): while the signed-in session is locked, every channel but the lock screen's needs is
 * refused with `station.locked` (423) — nothing is read from or sent to the bank for the screen
 * behind the lock. It also follows the session for the shared desk: a sign-in or sign-out starts the
 * lock afresh, and the signed-in user's id is kept for the per-user settings.
 */
import { StationErrorCode } from '../../shared/ipc/channels/station';
import type { Channel } from '../../shared/ipc/contract';
import type { Handler, HandlerContext, Handlers } from '../ipc/context';
import { BankApiError } from '../services/bank-client';

/** What a lock screen may still call: who is locked out, the language, unlocking, signing out. */
export const OPEN_WHILE_LOCKED: ReadonlySet<Channel> = new Set<Channel>([
  'app.info',
  'session.current',
  'session.logout',
  'prefs.get',
  'station.state',
  'station.activity',
  'station.lock',
  'station.unlock',
]);

function follow(channel: Channel, result: unknown, ctx: HandlerContext) {
  const st = ctx.station;
  if (!st) return;
  if (channel === 'session.login' || channel === 'session.logout') st.lock.reset();
  if (channel === 'session.login' || channel === 'session.logout' || channel === 'session.current') {
    // Only the session channels answer with a user; others may answer null (drafts.get without a draft).
    const userId = (result as { user?: { id: string } | null } | null)?.user?.id ?? null;
    if (st.userId !== userId) {
      st.userId = userId;
      st.onChange?.(userId);
    }
  }
}

export function withIdleLock(table: Handlers): Handlers {
  const out: Record<string, Handler<Channel>> = {};
  for (const channel of Object.keys(table) as Channel[]) {
    const handler = table[channel] as Handler<Channel>;
    out[channel] = async (req, ctx) => {
      if (!OPEN_WHILE_LOCKED.has(channel) && ctx.station && ctx.tokens.get() && ctx.station.lock.isLocked()) {
        throw new BankApiError(StationErrorCode.locked, 'The screen is locked: enter your password to go on.', 423);
      }
      const result = await handler(req, ctx);
      follow(channel, result, ctx);
      return result;
    };
  }
  return out as Handlers;
}

/**
 * Signing out when the app quits: the bank session is revoked (POST /auth/logout) instead of staying
 * valid for hours on a shared desk. Quitting waits for the bank at most QUIT_SIGN_OUT_MS; the token is
 * forgotten here at once either way (if the bank could not be told, the token dies with its expiry).
 */
import { bankApi } from '../../shared/api/paths';
import type { BankClient } from '../services/bank-client';
import type { TokenStore } from '../services/stores';

export const QUIT_SIGN_OUT_MS = 2_000;

/** Resolves once the bank confirmed the sign-out (true) or gave up (false); never rejects. */
export async function signOutForQuit(
  tokens: TokenStore,
  bank: Pick<BankClient, 'call'>,
  timeoutMs = QUIT_SIGN_OUT_MS,
): Promise<boolean> {
  const token = tokens.get();
  if (!token) return true;
  tokens.set(null);
  const signal = AbortSignal.timeout(timeoutMs);
  const timedOut = new Promise<false>((resolve) => signal.addEventListener('abort', () => resolve(false)));
  const revoked = bank.call(bankApi.logout, { token, signal }).then(
    () => true,
    () => false,
  );
  return Promise.race([revoked, timedOut]);
}

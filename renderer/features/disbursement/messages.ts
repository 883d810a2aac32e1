import type { TFunction } from 'i18next';
import { errorMessage } from '../../i18n';

/** Status codes of a refusal because the case changed since it was read (If-Match). */
const STALE = new Set([412]);

/**
 * A readable message for a failed 放款审核 call: the feature's own words for its problem codes
 * (`disbursement.errors.<code>`, dots as underscores), a stale version as such, else the app's message.
 */
export function problemMessage(e: unknown, t: TFunction): string {
  const err = (e ?? {}) as { code?: string; status?: number };
  const key = `disbursement.errors.${(err.code ?? '').replace(/\./g, '_')}`;
  if (err.code && t(key, { defaultValue: '' })) return t(key);
  if (err.status !== undefined && STALE.has(err.status)) return t('disbursement.errors.conflict');
  return errorMessage(e);
}

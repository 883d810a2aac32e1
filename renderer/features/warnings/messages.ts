import type { TFunction } from 'i18next';
import { errorMessage } from '../../i18n';

/**
 * A readable message for a failed 预警处置 call: the feature's own words for its problem codes
 * (`warnings.errors.<code>`, dots as underscores), a stale version as such, else the app's message.
 */
export function problemMessage(e: unknown, t: TFunction): string {
  const err = (e ?? {}) as { code?: string; status?: number };
  const key = `warnings.errors.${(err.code ?? '').replace(/\./g, '_')}`;
  if (err.code && t(key, { defaultValue: '' })) return t(key);
  if (err.status === 412) return t('warnings.errors.conflict');
  return errorMessage(e);
}

const SIGNALS = new Set(['sales_drop', 'inflow_drop', 'new_court_case', 'overdue_elsewhere']);
const CLASSES = new Set(['normal', 'special_mention', 'substandard', 'doubtful', 'loss']);

/** A signal's name (never its code on screen). */
export const signalName = (t: TFunction, code: string) => t(`warnings.signal.${SIGNALS.has(code) ? code : 'other'}`);

/** A five-level class's name. */
export const className = (t: TFunction, c: string) => t(`warnings.classification.${CLASSES.has(c) ? c : 'other'}`);

import { useTranslation } from 'react-i18next';
import { beijingDate } from '../../../shared/calendar';
import { LPR_LAST_FIXING, lprStaleness } from '../../../shared/reference/lpr';
import { useNow } from '../../common/useNow';

/**
 * The LPR staleness warning on the contract officer's screen: shown when the LPR table (shared/reference/lpr,
 * the same table the bank API prices and prints from, also served at GET /api/v1/reference/lpr) lacks a
 * fixing that should have been published by today — the 20th of the month, or the next working day.
 */
export function LprStaleBanner() {
  const { t } = useTranslation();
  const now = useNow(60_000);
  const s = lprStaleness(beijingDate(now));
  if (!s.stale) return null;
  return (
    <p
      className="read-only-note lpr-stale-banner"
      role="status"
      style={{ borderLeftColor: 'var(--warn)' }}
      data-testid="lpr-stale-banner"
      data-latest={LPR_LAST_FIXING}
    >
      {t('lprBanner.stale', { latest: s.latestFixing, expected: s.expectedFixing, count: s.missingFixings })}
    </p>
  );
}

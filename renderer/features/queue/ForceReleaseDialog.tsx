import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationSummary } from '../../../shared/api/applications';
import { assigneeName } from '../../format';
import { errorMessage } from '../../i18n';
import { useForceReleaseMutation } from './mutations';

/**
 * A senior approver or supervisor takes another user's claim off a case: the reason is required (the
 * bank API refuses one without, and records it in the case history and the audit chain).
 */
export function ForceReleaseDialog({ row, onClose }: { row: ApplicationSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const release = useForceReleaseMutation();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const missing = reason.trim() === '';
  const submit = () => {
    setTried(true);
    if (missing) return;
    release.mutate({ id: row.id, version: row.version, reason: reason.trim() }, { onSuccess: onClose });
  };
  return (
    <dialog
      ref={ref}
      className="shortcuts"
      aria-labelledby="force-release-heading"
      onClose={onClose}
      data-testid="force-release-dialog"
    >
      <h2 id="force-release-heading">{t('queue.forceReleaseTitle', { name: row.enterpriseName })}</h2>
      <p>{t('queue.forceReleaseHolder', { who: assigneeName(row) })}</p>
      <label>
        {t('queue.forceReleaseReason')}
        <textarea
          value={reason}
          maxLength={2000}
          required
          aria-invalid={tried && missing}
          onChange={(e) => setReason(e.target.value)}
          data-testid="force-release-reason"
        />
      </label>
      {tried && missing && (
        <p className="error" role="alert">
          {t('queue.forceReleaseNeedsReason')}
        </p>
      )}
      {release.isError && (
        <p className="banner error" role="alert">
          {errorMessage(release.error)}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={submit} disabled={release.isPending} data-testid="force-release-confirm">
          {t('queue.forceReleaseConfirm')}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('queue.forceReleaseCancel')}
        </button>
      </div>
    </dialog>
  );
}

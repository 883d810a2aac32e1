import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractRecord } from '../../../shared/api/contracts';
import { IMPORT_UPLOAD_MAX_BYTES, type ImportSignedResult } from '../../../shared/ipc/channels/contracts';
import { invoke } from '../../client/workstation';
import { errorMessage } from '../../i18n';

const readBase64 = (f: File) =>
  new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(f);
  });

/** In Electron main opens its file dialog; in the browser the page uploads the file. */
const inElectron = () => typeof window !== 'undefined' && !!(window as { workstation?: unknown }).workstation;

/** A result the page makes itself for a file over the browser's upload cap (never read). */
function tooLarge(file: File): ImportSignedResult {
  return {
    outcome: 'refused',
    fileName: file.name,
    record: null,
    applicationStatus: null,
    verification: {
      ok: false,
      code: 'too_large',
      sha256: '',
      bytes: file.size,
      checks: [{ check: 'format', ok: false, code: 'too_large', detail: '' }],
      signatures: [],
    },
  };
}

/** The verification, check by check, and each signature with its certificate subject. */
function Verification({ r }: { r: ImportSignedResult }) {
  const { t } = useTranslation();
  const v = r.verification;
  if (!v) return null;
  return (
    <div className="countersign-result" data-testid="countersign-result" data-outcome={r.outcome}>
      <h5>{t('countersign.resultHeading', { file: r.fileName ?? '' })}</h5>
      <ul className="countersign-checks">
        {v.checks.map((c) => (
          <li key={`${c.check}-${c.code ?? 'ok'}-${c.detail}`} data-check={c.check} data-ok={c.ok ? 'yes' : 'no'}>
            <span className={c.ok ? 'badge badge-signed' : 'badge badge-refused'}>
              {c.ok ? t('countersign.passed') : t('countersign.failed')}
            </span>{' '}
            {t(`countersign.checks.${c.check}`)}
            {c.code && <span data-testid="countersign-reason">：{t(`countersign.codes.${c.code}`)}</span>}
          </li>
        ))}
      </ul>
      {v.signatures.length > 0 && (
        <table className="countersign-signatures">
          <caption>{t('countersign.signatures')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('countersign.field')}</th>
              <th scope="col">{t('countersign.subject')}</th>
              <th scope="col">{t('countersign.valid')}</th>
            </tr>
          </thead>
          <tbody>
            {v.signatures.map((s) => (
              <tr key={s.fieldName}>
                <td>{s.fieldName}</td>
                <td>{s.subject}</td>
                <td>{s.digestOk && s.signatureOk ? t('countersign.valid') : t('countersign.invalid')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/**
 * Import of the counter-signed PDF for an exported document: pick (Electron) or upload (browser), then
 * the verification per check; on success the document list refreshes and shows 已签署 with the hash.
 */
export function ImportSigned({ doc, applicationId }: { doc: ContractRecord; applicationId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [result, setResult] = useState<ImportSignedResult | null>(null);
  const m = useMutation({
    mutationFn: async (file?: File): Promise<ImportSignedResult> => {
      const base = { applicationId, documentId: doc.documentId, version: doc.version };
      if (!file) return invoke('contracts.importSigned', base);
      if (file.size > IMPORT_UPLOAD_MAX_BYTES) return tooLarge(file);
      return invoke('contracts.importSigned', { ...base, fileName: file.name, pdfBase64: await readBase64(file) });
    },
    onSuccess: (r) => setResult(r),
    onSettled: () =>
      void qc.invalidateQueries({
        predicate: (q) => q.queryKey[0] === 'contracts' && q.queryKey[1] !== 'pdf' && q.queryKey[1] !== 'batch',
      }),
  });
  const reason = result?.verification?.code ? t(`countersign.codes.${result.verification.code}`) : '';
  return (
    <div className="countersign" data-testid="countersign">
      {inElectron() ? (
        <button type="button" data-testid="import-signed" disabled={m.isPending} onClick={() => m.mutate(undefined)}>
          {m.isPending ? t('countersign.importing') : t('countersign.import')}
        </button>
      ) : (
        <label
          className="button"
          title={t('countersign.browserLimit', { mb: IMPORT_UPLOAD_MAX_BYTES / (1024 * 1024) })}
        >
          {m.isPending ? t('countersign.importing') : t('countersign.import')}
          <input
            type="file"
            accept="application/pdf,.pdf"
            aria-label={t('countersign.choose')}
            data-testid="import-signed-file"
            disabled={m.isPending}
            hidden
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (f) m.mutate(f);
            }}
          />
        </label>
      )}
      {result?.outcome === 'cancelled' && <p role="status">{t('countersign.cancelled')}</p>}
      {result?.outcome === 'signed' && (
        <p role="status" data-testid="countersign-signed">
          {t('countersign.signed')}
        </p>
      )}
      {result?.outcome === 'refused' && (
        <p role="alert" data-testid="countersign-refused">
          {t('countersign.refused', { reason })}
        </p>
      )}
      {m.error && <p role="alert">{errorMessage(m.error)}</p>}
      {result && <Verification r={result} />}
    </div>
  );
}

import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractRecord } from '../../../shared/api/contracts';
import { TEMPLATES } from '../../../shared/contracts/templates';
import { errorMessage } from '../../i18n';
import { GenerateBar, MissingData, TemplateVariables } from './CaseParts';
import { ImportSigned } from './ImportSigned';
import { useExportMutation } from './mutations';
import { PdfPreview } from './PdfPreview';
import { contractQueries } from './queries';

/** A template by its title and version ("流动资金借款合同 · 第 1 版"); the id only when the title is unknown. */
function templateTitle(id: string, version: number | string, t: TFunction, language: string): string {
  const tp = TEMPLATES.find((x) => x.id === id);
  const title = tp ? (language === 'en' ? tp.titleEn : tp.title) : id;
  return `${title} · ${t('contractDesk.templateVersion', { v: version })}`;
}

function DocumentRow({
  doc,
  applicationId,
  canWrite,
}: {
  doc: ContractRecord;
  applicationId: string;
  canWrite: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const exp = useExportMutation();
  const live = doc.status !== 'superseded';
  return (
    <li className={`doc doc-${doc.status}`} data-testid={`doc-${doc.documentId}`}>
      <div className="doc-head">
        <strong>{doc.documentId}</strong>
        <span>{templateTitle(doc.templateId, doc.templateVersion, t, i18n.language)}</span>
        <span className={`badge badge-${doc.status}`} data-testid="doc-status">
          {t(`contracts.status.${doc.status}`)}
        </span>
        <span className="hash" title={doc.pdfSha256}>
          SHA-256 {doc.pdfSha256.slice(0, 16)}…
        </span>
        {doc.signedPdfSha256 && (
          <span className="hash" title={doc.signedPdfSha256} data-testid="signed-hash">
            {t('countersign.signedHash')} {doc.signedPdfSha256.slice(0, 16)}…
          </span>
        )}
        {doc.supersedes && <span>{t('contracts.supersedes', { id: doc.supersedes })}</span>}
      </div>
      <div className="doc-actions">
        <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? t('contracts.hidePreview') : t('contracts.showPreview')}
        </button>
        {canWrite && live && (
          <button
            type="button"
            data-testid="export"
            disabled={exp.isPending}
            onClick={() => exp.mutate({ applicationId, documentId: doc.documentId })}
          >
            {exp.isPending ? t('contracts.exporting') : t('contracts.export')}
          </button>
        )}
      </div>
      {canWrite && doc.status === 'exported' && <ImportSigned doc={doc} applicationId={applicationId} />}
      {exp.data && (
        <p role="status">
          {exp.data.savedTo
            ? t('contracts.savedTo', { path: exp.data.savedTo })
            : t('contracts.downloaded', { file: exp.data.fileName })}
        </p>
      )}
      {exp.error && <p role="alert">{errorMessage(exp.error)}</p>}
      {open && <PdfPreview documentId={doc.documentId} />}
    </li>
  );
}

/**
 * One case: its templates, every variable with its value as the contract reads it (with its unit) and its
 * source, generate / regenerate, and its documents. Read-only (`canWrite` false): only its documents and
 * where they stand — the contract data, generation and export are the contract officer's.
 */
export function CaseContracts({ applicationId, canWrite }: { applicationId: string; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const preview = useQuery({ ...contractQueries.preview(applicationId), enabled: canWrite });
  const docs = useQuery(contractQueries.list(applicationId));
  const [chosen, setChosen] = useState<Record<string, boolean>>({});
  const p = preview.data;
  const live = (docs.data?.items ?? []).filter((d) => d.status !== 'superseded');
  const templateIds = (p?.templateIds ?? []).filter((id) => chosen[id] !== false);

  return (
    <section aria-labelledby="case-heading" data-testid="case-contracts">
      <h3 id="case-heading">{t('contracts.caseHeading', { id: applicationId })}</h3>
      {preview.isLoading && <p aria-live="polite">{t('contracts.loading')}</p>}
      {preview.error && <p role="alert">{errorMessage(preview.error)}</p>}
      {p && p.missing.length > 0 && <MissingData missing={p.missing} />}
      {p && (
        <fieldset className="templates">
          <legend>{t('contracts.templates')}</legend>
          {p.templates.map((tp) => (
            <label key={tp.templateId}>
              <input
                type="checkbox"
                checked={chosen[tp.templateId] !== false}
                onChange={(e) => setChosen((c) => ({ ...c, [tp.templateId]: e.target.checked }))}
              />
              {templateTitle(tp.templateId, tp.templateVersion, t, i18n.language)}
            </label>
          ))}
        </fieldset>
      )}
      {canWrite && (
        <GenerateBar
          applicationId={applicationId}
          templateIds={templateIds}
          ready={!!p && p.missing.length === 0 && templateIds.length > 0}
          hasLive={live.length > 0}
        />
      )}
      {docs.error && <p role="alert">{errorMessage(docs.error)}</p>}
      {!canWrite && docs.data?.items.length === 0 && <p data-testid="no-documents">{t('contracts.noDocuments')}</p>}
      {docs.data && docs.data.items.length > 0 && (
        <>
          <h4>{t('contracts.documents')}</h4>
          <ul className="docs">
            {docs.data.items.map((d) => (
              <DocumentRow key={d.documentId} doc={d} applicationId={applicationId} canWrite={canWrite} />
            ))}
          </ul>
        </>
      )}
      {p?.templates.map((tp) => (
        <TemplateVariables key={tp.templateId} template={tp} />
      ))}
    </section>
  );
}

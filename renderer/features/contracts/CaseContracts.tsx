import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractRecord } from '../../../shared/api/contracts';
import { TEMPLATES } from '../../../shared/contracts/templates';
import { displayValue } from '../../../shared/contracts/variables';
import { errorMessage } from '../../i18n';
import { useExportMutation, useGenerateMutation, useMarkSignedMutation } from './mutations';
import { PdfPreview } from './PdfPreview';
import { contractQueries } from './queries';

/** A template by its title and version ("流动资金借款合同 · 第 1 版"); the id only when the title is unknown. */
function templateTitle(id: string, version: number | string, t: TFunction, language: string): string {
  const tp = TEMPLATES.find((x) => x.id === id);
  const title = tp ? (language === 'en' ? tp.titleEn : tp.title) : id;
  return `${title} · ${t('contractDesk.templateVersion', { v: version })}`;
}

/** Where a variable's value comes from, in words ("审批决定", "审批决定（转为中文大写）"); the path stays in data-source. */
function sourceWords(source: string, t: TFunction): string {
  const [path, via] = source.split('→').map((s) => s.trim());
  const head = (path ?? '').split('.')[0] ?? '';
  const words = t(`contractDesk.sources.${head}`, { defaultValue: '' }) || (path ?? source);
  if (!via) return words;
  const how = t(`contractDesk.via.${via.replace(/\./g, '_')}`, { defaultValue: via });
  return t('contractDesk.sourceVia', { source: words, how });
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
  const sign = useMarkSignedMutation();
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
        {canWrite && doc.status === 'exported' && (
          <button
            type="button"
            disabled={sign.isPending}
            onClick={() => sign.mutate({ documentId: doc.documentId, version: doc.version })}
          >
            {t('contracts.markSigned')}
          </button>
        )}
      </div>
      {exp.data && (
        <p role="status">
          {exp.data.savedTo
            ? t('contracts.savedTo', { path: exp.data.savedTo })
            : t('contracts.downloaded', { file: exp.data.fileName })}
        </p>
      )}
      {(exp.error || sign.error) && <p role="alert">{errorMessage(exp.error ?? sign.error)}</p>}
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
  const en = i18n.language === 'en';
  const preview = useQuery({ ...contractQueries.preview(applicationId), enabled: canWrite });
  const docs = useQuery(contractQueries.list(applicationId));
  const generate = useGenerateMutation();
  const [chosen, setChosen] = useState<Record<string, boolean>>({});
  const [confirmRegen, setConfirmRegen] = useState(false);
  const p = preview.data;
  const live = (docs.data?.items ?? []).filter((d) => d.status !== 'superseded');
  const templateIds = (p?.templateIds ?? []).filter((id) => chosen[id] !== false);
  const run = (regenerate: boolean) =>
    generate.mutate({ applicationId, templateIds, regenerate }, { onSettled: () => setConfirmRegen(false) });

  return (
    <section aria-labelledby="case-heading" data-testid="case-contracts">
      <h3 id="case-heading">{t('contracts.caseHeading', { id: applicationId })}</h3>
      {preview.isLoading && <p aria-live="polite">{t('contracts.loading')}</p>}
      {preview.error && <p role="alert">{errorMessage(preview.error)}</p>}
      {p && p.missing.length > 0 && (
        <div role="alert" className="missing">
          <p>{t('contracts.missingHeading')}</p>
          <ul>
            {p.missing.map((m) => (
              <li key={m.field}>{en ? m.labelEn : m.labelZh}</li>
            ))}
          </ul>
        </div>
      )}
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
        <div className="generate-bar">
          {live.length === 0 ? (
            <button
              type="button"
              data-testid="generate"
              disabled={!p || p.missing.length > 0 || templateIds.length === 0 || generate.isPending}
              onClick={() => run(false)}
            >
              {generate.isPending ? t('contracts.generating') : t('contracts.generate')}
            </button>
          ) : confirmRegen ? (
            <>
              <p>{t('contracts.regenerateConfirm')}</p>
              <button
                type="button"
                data-testid="regenerate-confirm"
                disabled={generate.isPending}
                onClick={() => run(true)}
              >
                {t('contracts.regenerateYes')}
              </button>
              <button type="button" onClick={() => setConfirmRegen(false)}>
                {t('contracts.cancel')}
              </button>
            </>
          ) : (
            <button type="button" data-testid="regenerate" onClick={() => setConfirmRegen(true)}>
              {t('contracts.regenerate')}
            </button>
          )}
          {generate.error && <p role="alert">{errorMessage(generate.error)}</p>}
          {generate.data && (
            <p role="status">
              {t('contracts.generated', { ids: generate.data.documents.map((d) => d.documentId).join('、') })}
            </p>
          )}
        </div>
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
        <details key={tp.templateId} className="variables">
          <summary>{t('contracts.variablesOf', { title: en ? tp.titleEn : tp.title })}</summary>
          <table data-testid={`variables-${tp.templateId}`}>
            <thead>
              <tr>
                <th scope="col">{t('contracts.variable')}</th>
                <th scope="col">{t('contracts.value')}</th>
                <th scope="col">{t('contracts.source')}</th>
              </tr>
            </thead>
            <tbody>
              {tp.variables.map((v) => (
                <tr key={v.name}>
                  <th scope="row">{en ? v.labelEn : v.label}</th>
                  <td className="value">{displayValue(v.name, v.value)}</td>
                  <td data-source={v.source}>{sourceWords(v.source, t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ))}
    </section>
  );
}

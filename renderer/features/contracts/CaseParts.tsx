import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayValue } from '../../../shared/contracts/variables';
import type { ContractPreview } from '../../../shared/ipc/channels/contracts';
import { errorMessage } from '../../i18n';
import { useGenerateMutation } from './mutations';

/** Where a variable's value comes from, in words ("审批决定", "审批决定（转为中文大写）"); the path stays in data-source. */
function sourceWords(source: string, t: TFunction): string {
  const [path, via] = source.split('→').map((s) => s.trim());
  const head = (path ?? '').split('.')[0] ?? '';
  const words = t(`contractDesk.sources.${head}`, { defaultValue: '' }) || (path ?? source);
  if (!via) return words;
  const how = t(`contractDesk.via.${via.replace(/\./g, '_')}`, { defaultValue: via });
  return t('contractDesk.sourceVia', { source: words, how });
}

/** The data the bank does not hold yet (generation waits for it). */
export function MissingData({ missing }: { missing: ContractPreview['missing'] }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <div role="alert" className="missing">
      <p>{t('contracts.missingHeading')}</p>
      <ul>
        {missing.map((m) => (
          <li key={m.field}>{en ? m.labelEn : m.labelZh}</li>
        ))}
      </ul>
    </div>
  );
}

/** Generate the chosen templates; once there are live documents, regenerate after a confirmation. */
export function GenerateBar({
  applicationId,
  templateIds,
  ready,
  hasLive,
}: {
  applicationId: string;
  templateIds: string[];
  /** The preview is read, nothing is missing and a template is chosen. */
  ready: boolean;
  hasLive: boolean;
}) {
  const { t } = useTranslation();
  const generate = useGenerateMutation();
  const [confirmRegen, setConfirmRegen] = useState(false);
  const run = (regenerate: boolean) =>
    generate.mutate({ applicationId, templateIds, regenerate }, { onSettled: () => setConfirmRegen(false) });
  return (
    <div className="generate-bar">
      {!hasLive ? (
        <button type="button" data-testid="generate" disabled={!ready || generate.isPending} onClick={() => run(false)}>
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
  );
}

/** Every variable of a template with its value as the contract reads it and its source. */
export function TemplateVariables({ template: tp }: { template: ContractPreview['templates'][number] }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <details className="variables">
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
  );
}

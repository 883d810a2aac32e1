import type { TFunction } from 'i18next';
import type { ApplicationDetail } from '../../../shared/api/applications';
import { canonicalReason, type Lang, reasonName, reasonText, type StoredReason } from '../../../shared/credit/describe';
import { withoutBase } from '../../format';

/** The scorecard's reasons on a case, as stored in its assessment. */
export function modelReasons(d: ApplicationDetail): StoredReason[] {
  return (d.assessment as { score?: { reasonCodes?: StoredReason[] } }).score?.reasonCodes ?? [];
}

/**
 * Names a decline reason code as the approver chose it: the model's reason on this case in words, a
 * standard reason's text, the scorecard factor's name, else the code itself.
 */
export function declineReasonText(code: string, d: ApplicationDetail, t: TFunction, lang: Lang): string {
  const model = modelReasons(d).find((r) => r.code === canonicalReason(code));
  if (model) return reasonText(model, lang, withoutBase(d.profile));
  const standard = t(`decision.standardReasons.${code}`, { defaultValue: '' });
  if (standard) return standard;
  return reasonName(code, lang) ?? code;
}

/** Names a checklist item code by the case's checklist. */
export function checklistItemName(code: string, d: ApplicationDetail, lang: Lang): string {
  const item = d.checklist.find((c) => String(c.code) === code);
  if (!item) return code;
  return String(lang === 'en' ? (item.nameEn ?? item.name) : item.name);
}

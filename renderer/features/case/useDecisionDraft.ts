import { useEffect, useState } from 'react';
import { type DecisionDraft, DRAFT_TEXT_MAX } from '../../../shared/ipc/channels/case';
import { type DecisionForm, toDraft } from './decision-form';
import { useClearDraftMutation, useSaveDraftMutation } from './mutations';

const DRAFT_SAVE_MS = 400;

/**
 * The half-written decision kept by main: every change of a touched form is saved (debounced), so a
 * reload or a restart never loses it; `restored` when the panel opened on a draft, `savedAt` after the
 * last save, `clear()` once the decision went through.
 */
export function useDecisionDraft(
  caseId: string,
  draft: DecisionDraft | null,
  form: DecisionForm,
  dirty: boolean,
  baseVersion: number,
) {
  const [restored] = useState(draft !== null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const saveDraft = useSaveDraftMutation();
  const clearDraft = useClearDraftMutation();

  useEffect(() => {
    if (!dirty) return;
    const h = setTimeout(() => {
      const tooBig = Object.values(form).some((v) => typeof v === 'string' && v.length > DRAFT_TEXT_MAX);
      if (tooBig) return;
      saveDraft.mutate(
        { caseId, draft: toDraft(form, baseVersion) },
        { onSuccess: () => setSavedAt(new Date().toISOString()) },
      );
    }, DRAFT_SAVE_MS);
    return () => clearTimeout(h);
  }, [form, dirty, caseId, baseVersion, saveDraft.mutate]);

  return { restored, savedAt, clear: () => clearDraft.mutate(caseId) };
}

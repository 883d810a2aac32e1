import type { TFunction } from 'i18next';
import type { WarningTaskEvent } from '../../../shared/api/warning-tasks';

/**
 * What a task's history entry did, in words: the action's name, or for a reassignment who had the task,
 * who has it now and why (「转交：张三 → 李四（首席服务官变更）」) — names, never user ids.
 */
export function historyAction(t: TFunction, h: Pick<WarningTaskEvent, 'action' | 'reassignment'>): string {
  const r = h.reassignment;
  if (h.action !== 'reassigned' || !r) return t(`warnings.action.${h.action}`);
  return t('warnings.reassigned', {
    from: r.fromOfficerName ?? t('warnings.noOfficer'),
    to: r.toOfficerName ?? t('warnings.noOfficer'),
    cause: t(`warnings.reassignedCause.${r.cause}`),
  });
}

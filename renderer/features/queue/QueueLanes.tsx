import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { QueueLane } from '../../../shared/ipc/channels/queue';
import { queueQueries } from './queries';
import { visibleLanes } from './queue-logic';

/** The lane tabs, each with its open count and how many are due soon or overdue. */
export function QueueLanes({
  lane,
  onLane,
  roles,
}: {
  lane: QueueLane;
  onLane: (l: QueueLane) => void;
  roles: readonly string[];
}) {
  const { t } = useTranslation();
  const counts = useQuery(queueQueries.counts());
  const figures = (l: QueueLane) => {
    if (!counts.data) return null;
    if (l === 'returned') return { open: counts.data.returned, dueSoon: 0, overdue: 0 };
    if (l === 'senior') return counts.data.senior ?? { open: 0, dueSoon: 0, overdue: 0 };
    return counts.data.tiers.find((x) => x.tier === l) ?? { open: 0, dueSoon: 0, overdue: 0 };
  };
  return (
    <div role="tablist" aria-label={t('queue.lanesLabel')} className="lanes">
      {visibleLanes(roles).map((l) => {
        const f = figures(l);
        return (
          <button
            key={l}
            type="button"
            role="tab"
            id={`lane-${l}`}
            aria-selected={l === lane}
            aria-controls="queue-table"
            className="lane-tab"
            data-testid={`lane-${l}`}
            onClick={() => onLane(l)}
          >
            <span className="lane-name">{t(`queue.lane.${l}`)}</span>
            {f && (
              <span className="lane-figures">
                <span data-testid={`lane-${l}-open`}>{t('queue.laneCount', { open: f.open })}</span>
                {f.dueSoon > 0 && <span className="due-soon">{t('queue.dueSoon', { n: f.dueSoon })}</span>}
                {f.overdue > 0 && <span className="overdue">{t('queue.overdue', { n: f.overdue })}</span>}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractQueueItem } from '../../../shared/api/contracts';
import { errorMessage } from '../../i18n';
import { useBatchStartMutation } from './mutations';
import { contractQueries } from './queries';

function BatchProgress({ jobId, onDone }: { jobId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const q = useQuery(contractQueries.batch(jobId));
  const s = q.data;
  useEffect(() => {
    if (s?.finished) onDone();
  }, [s?.finished, onDone]);
  if (!s) return null;
  return (
    <div className="batch-progress" data-testid="batch-progress">
      <label>
        {t('contracts.batchProgress', { done: s.done, total: s.total, failed: s.failed })}
        <progress max={s.total} value={s.done} />
      </label>
      {s.items
        .filter((i) => i.state === 'failed')
        .map((i) => (
          <p key={i.applicationId} role="alert">
            {i.applicationId}: {i.error?.message}
          </p>
        ))}
    </div>
  );
}

/** Batch generation for the checked cases (a contract officer's): select all eligible, start, follow progress. */
export function BatchBar({
  eligible,
  checked,
  setChecked,
}: {
  eligible: ContractQueueItem[];
  checked: Set<string>;
  setChecked: (s: Set<string>) => void;
}) {
  const { t } = useTranslation();
  const [jobId, setJobId] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const onBatchDone = useCallback(() => setRunning(false), []);
  const batch = useBatchStartMutation();
  return (
    <div className="batch-bar">
      <button
        type="button"
        onClick={() => setChecked(new Set(eligible.map((i) => i.applicationId)))}
        disabled={!eligible.length}
      >
        {t('contracts.selectAllEligible')}
      </button>
      <button
        type="button"
        data-testid="batch-generate"
        disabled={checked.size === 0 || batch.isPending || running}
        onClick={() =>
          batch.mutate(
            { applicationIds: [...checked] },
            {
              onSuccess: (s) => {
                setJobId(s.jobId);
                setRunning(true);
                setChecked(new Set());
              },
            },
          )
        }
      >
        {t('contracts.batchGenerate', { count: checked.size })}
      </button>
      {batch.error && <p role="alert">{errorMessage(batch.error)}</p>}
      {jobId && <BatchProgress key={jobId} jobId={jobId} onDone={onBatchDone} />}
    </div>
  );
}

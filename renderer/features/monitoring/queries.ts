import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { invoke } from '../../client/workstation';

export const monitoringQueries = {
  runs: () =>
    queryOptions({
      queryKey: ['monitoring', 'runs'],
      queryFn: () => invoke('monitoring.runs', { limit: 10 }),
      // While a run is in progress its progress is read again every two seconds.
      refetchInterval: (q) => (q.state.data?.runs.some((r) => r.status === 'running') ? 2000 : false),
    }),
  /** One run (GET /api/v1/monitoring/runs/{id}): read again every two seconds while it runs. */
  run: (id: string | null) =>
    queryOptions({
      queryKey: ['monitoring', 'run', id],
      queryFn: () => invoke('monitoring.run', { id: id! }),
      enabled: id !== null,
      refetchInterval: (q) => (q.state.data?.status === 'running' ? 2000 : false),
    }),
};

/** POST /api/v1/monitoring/runs through IPC; the list is read again either way (a 409 names the live run). */
export function useStartRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => invoke('monitoring.start', {}),
    onSettled: () => qc.invalidateQueries({ queryKey: ['monitoring'] }),
  });
}

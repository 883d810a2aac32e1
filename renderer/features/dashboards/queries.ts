import { queryOptions } from '@tanstack/react-query';
import type { IpcRequest } from '../../../shared/ipc/contract';
import { invoke } from '../../client/workstation';

export type DashboardRequest = IpcRequest<'dashboards.get'>;
export type DrillRequest = IpcRequest<'dashboards.drill'>;

export const dashboardQueries = {
  get: (req: DashboardRequest) =>
    queryOptions({ queryKey: ['dashboards', req], queryFn: () => invoke('dashboards.get', req), staleTime: 60_000 }),
  drill: (req: DrillRequest) =>
    queryOptions({ queryKey: ['dashboards', 'drill', req], queryFn: () => invoke('dashboards.drill', req) }),
};

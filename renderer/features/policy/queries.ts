import { queryOptions } from '@tanstack/react-query';
import { invoke } from '../../client/workstation';

export const policyQueries = {
  get: () => queryOptions({ queryKey: ['policy'], queryFn: () => invoke('policy.get', {}) }),
};

import type { RenewalMessages } from './renewal';

export const renewalEn: RenewalMessages = {
  renewal: {
    heading: 'Renewal and top-up',
    loading: 'Reading the renewal conditions…',
    start: 'Start a renewal',
  },
};

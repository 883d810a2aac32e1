import { describe, expect, it } from 'vitest';
import { loansRoute } from './route';

describe('loans area routes', () => {
  it('reads a loan, a search and a service officer from the hash', () => {
    expect(loansRoute('#/loans/LN000000123')).toMatchObject({ loanId: 'LN000000123', q: '' });
    expect(loansRoute('#/loans/LN-APP202611300000001').loanId).toBe('LN-APP202611300000001');
    expect(loansRoute('#/loans')).toEqual({ loanId: null, q: '', officer: '', officerName: '' });
    expect(loansRoute(`#/loans?q=${encodeURIComponent('华东 机械')}`)).toMatchObject({ loanId: null, q: '华东 机械' });
    expect(loansRoute(`#/loans?officer=u-rm1&name=${encodeURIComponent('王敏')}`)).toMatchObject({
      officer: 'u-rm1',
      officerName: '王敏',
    });
  });
  it('keeps a malformed id as written (the page says it is not a loan number) and ignores other areas', () => {
    expect(loansRoute('#/loans/%E0%A4%A').loanId).toBe('%E0%A4%A');
    expect(loansRoute('#/queue/APP1').loanId).toBeNull();
  });
});

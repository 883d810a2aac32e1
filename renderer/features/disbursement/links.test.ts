import { describe, expect, it } from 'vitest';
import { linkedCase, linkedView } from './links';

describe('放款审核 links', () => {
  it('reads the case a link names', () => {
    expect(linkedCase('#/disbursement/A2026-000123')).toBe('A2026-000123');
    expect(linkedCase('#/disbursement')).toBeNull();
    expect(linkedCase('#/contracts/A2026-000123')).toBeNull();
    expect(linkedCase('#/disbursement/<script>')).toBeNull();
  });
  it('reads the queue view a link names, open by default', () => {
    expect(linkedView('#/disbursement?view=prepared')).toBe('prepared');
    expect(linkedView('#/disbursement?view=all')).toBe('all');
    expect(linkedView('#/disbursement?view=everything')).toBe('open');
    expect(linkedView('#/disbursement')).toBe('open');
  });
});

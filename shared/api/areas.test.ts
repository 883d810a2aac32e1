import { describe, expect, it } from 'vitest';
import { areasFor, mayUseArea } from './areas';

describe('areas by role', () => {
  it('shows each role the areas the bank API answers for it', () => {
    expect(areasFor(['approver'])).toEqual(['home', 'queue', 'compare', 'classification', 'loans', 'policy']);
    expect(areasFor(['contract_officer'])).toEqual(['home', 'queue', 'contracts', 'policy']);
    expect(areasFor(['supervisor'])).toEqual([
      'home',
      'queue',
      'compare',
      'contracts',
      'warnings',
      'classification',
      'loans',
      'dashboards',
      'monitoring',
      'authority',
      'rules',
      'policy',
    ]);
    expect(areasFor(['senior_approver'])).toEqual([
      'home',
      'queue',
      'compare',
      'classification',
      'loans',
      'dashboards',
      'policy',
    ]);
    expect(areasFor(['relationship_manager'])).toEqual([
      'home',
      'workspace',
      'queue',
      'compare',
      'warnings',
      'loans',
      'policy',
    ]);
    expect(areasFor(['disbursement_officer'])).toEqual(['home', 'queue', 'disbursement', 'loans', 'policy']);
  });
  it('combines roles', () => {
    expect(mayUseArea('contracts', ['approver'])).toBe(false);
    expect(mayUseArea('contracts', ['approver', 'contract_officer'])).toBe(true);
  });
});

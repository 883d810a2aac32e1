import { describe, it } from 'vitest';
import { LOAN_ROUTES } from './loans';
import { expectRoutesDeclared } from './routes-declared.testkit';

describe('loan page handlers', () => {
  it('call each loan route as the bank API declares it: method, URL and answer schema', async () => {
    await expectRoutesDeclared(LOAN_ROUTES);
  });
});

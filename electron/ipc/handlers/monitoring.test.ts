import { describe, it } from 'vitest';
import { MONITORING_ROUTES } from './monitoring';
import { expectRoutesDeclared } from './routes-declared.testkit';

describe('monitoring handlers', () => {
  it('call each monitoring route as the bank API declares it: method, URL and answer schema', async () => {
    await expectRoutesDeclared(MONITORING_ROUTES);
  });
});

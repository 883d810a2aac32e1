import { describe, it } from 'vitest';
import { RENEWAL_ROUTES } from './renewal';
import { expectRoutesDeclared } from './routes-declared.testkit';

describe('renewal handlers', () => {
  it('call each renewal route as the bank API declares it: method, URL and answer schema', async () => {
    await expectRoutesDeclared(RENEWAL_ROUTES);
  });
});

import { describe, it } from 'vitest';
import { CLASSIFICATION_ROUTES } from './classification';
import { expectRoutesDeclared } from './routes-declared.testkit';

describe('五级分类 handlers', () => {
  it('call each classification route as the bank API declares it: method, URL and answer schema', async () => {
    await expectRoutesDeclared(CLASSIFICATION_ROUTES);
  });
});

/**
 * Contract content hashes are printed on every generated contract and recorded at the bank; moving to
 * the one canonical JSON (shared/canonical-json.ts) must not change them. Pinned from the previous
 * implementation (electron/contracts/render.ts at 4a6da53).
 */
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../shared/contracts/templates';
import { contractFixture } from './fixtures.js';
import { contentHashOf } from './render';

describe('contract content hash', () => {
  it('is unchanged for the fixture contract under each template of 2026', () => {
    const data = contractFixture();
    for (const [key, hash] of Object.entries(PINNED)) {
      const t = TEMPLATES.find((x) => `${x.id}@${x.version}` === key);
      expect(t, key).toBeDefined();
      expect(contentHashOf(data, t!), key).toBe(hash);
    }
  });
});

const PINNED: Record<string, string> = {
  'guarantee.joint-liability@2026.1': '4ad50a4dc709ce9e',
  'loan.working-capital@2026.1': '1276eabc3ede2830',
  'mortgage.real-estate@2026.1': '83b546a3b34e739a',
};

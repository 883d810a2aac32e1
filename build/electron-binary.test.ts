/** Finding the Electron binary without requiring `electron` (which would try to download it). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronBinary, electronDist, electronPackageDir } from './electron-binary';

describe('electronBinary', () => {
  it('finds the installed electron package without loading it', () => {
    expect(electronPackageDir()).toMatch(/node_modules[\\/]electron$/);
  });

  it('takes ELECTRON_OVERRIDE_DIST_PATH when the binary is there, and says null when it is not', () => {
    const dist = mkdtempSync(join(tmpdir(), 'electron-dist-'));
    const env = { ELECTRON_OVERRIDE_DIST_PATH: dist };
    expect(electronBinary(env)).toBeNull();
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'electron'), 'stand-in');
    expect(electronBinary(env)).toBe(join(dist, 'electron'));
    expect(electronDist(env)).toBe(dist);
  });
});

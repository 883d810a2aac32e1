import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic.js';

describe('writeFileAtomic', () => {
  it('writes the whole file and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    writeFileAtomic(join(dir, 'a.zip'), 'content');
    expect(readFileSync(join(dir, 'a.zip'), 'utf8')).toBe('content');
    expect(readdirSync(dir)).toEqual(['a.zip']);
  });

  it('leaves nothing behind when the rename fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    // The target is an existing non-empty directory: the temporary write succeeds, the rename fails.
    writeFileAtomic(join(dir, 'keep'), 'x');
    expect(() => writeFileAtomic(dir, 'data')).toThrow();
    expect(readdirSync(dir)).toEqual(['keep']);
    expect(readdirSync(dirname(dir)).some((f) => f.startsWith(`${basename(dir)}.`))).toBe(false);
  });
});

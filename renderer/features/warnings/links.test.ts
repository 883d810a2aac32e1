import { describe, expect, it } from 'vitest';
import { linkedTask } from './links';

describe('warning task links', () => {
  it('reads the task id from the hash, and nothing else', () => {
    expect(linkedTask('#/warnings/42')).toBe('42');
    expect(linkedTask('#/warnings/42?x=1')).toBe('42');
    expect(linkedTask('#/warnings')).toBeNull();
    expect(linkedTask('#/warnings/0')).toBeNull();
    expect(linkedTask('#/warnings/abc')).toBeNull();
    expect(linkedTask('#/queue/42')).toBeNull();
  });
});

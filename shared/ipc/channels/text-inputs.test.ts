import { describe, expect, it } from 'vitest';
import { DecisionDraftSchema } from './case';
import { contractChannels } from './contracts';

// The IPC boundary takes strings through the same text type as the bank API (shared/api/text.ts).
describe('text at the IPC boundary', () => {
  const draft = (comment: string) => ({
    action: 'approve',
    fields: { comment },
    version: 1,
    updatedAt: '2026-11-30T03:00:00.000Z',
  });

  it('keeps a multi-line draft and refuses one with a control character, naming it', () => {
    expect(DecisionDraftSchema.safeParse(draft('第一行\n第二行\t缩进')).success).toBe(true);
    const bad = DecisionDraftSchema.safeParse(draft('批准\u0000'));
    expect(bad.success).toBe(false);
    // A draft value is text, a list or a number: the union's branches say what was wrong.
    expect(JSON.stringify(bad.error?.issues)).toMatch(/U\+0000/);
  });

  it('refuses a control character in the contracts search and in a template id', () => {
    const queue = contractChannels['contracts.queue'].request;
    expect(queue.safeParse({ q: ' 华东 ' }).data).toEqual({ q: '华东' });
    expect(queue.safeParse({ q: 'a\u001bb' }).success).toBe(false);
  });
});

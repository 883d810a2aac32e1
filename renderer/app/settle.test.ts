import { QueryClient } from '@tanstack/react-query';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../shared/i18n/zh-CN';
import { onAnnounce, settle } from './settle';

describe('settle: refetch, announce, rethrow', () => {
  beforeAll(async () => {
    await i18next.init({ resources: { 'zh-CN': { translation: zhCN } }, lng: 'zh-CN', returnNull: false });
  });

  it('announces a failure to the subscribed live region, rethrows it and still refetches what it touched', async () => {
    const qc = new QueryClient();
    qc.setQueryData(['queue', 'list'], ['row']);
    const heard: [string, string][] = [];
    const off = onAnnounce((m, tone) => heard.push([m, tone]));
    const failure = Object.assign(new Error('down'), { code: 'bank.unreachable' });
    await expect(settle(qc, [['queue']], () => Promise.reject(failure))).rejects.toBe(failure);
    expect(heard).toEqual([[i18next.t('errors.bank_unreachable', { message: 'down' }), 'error']]);
    expect(heard[0]![0]).not.toBe('errors.bank_unreachable');
    expect(qc.getQueryState(['queue', 'list'])?.isInvalidated).toBe(true);

    // An outcome worth saying is announced as ok; after unsubscribing nothing more is heard.
    await settle(
      qc,
      [],
      async () => 7,
      (n) => `done ${n}`,
    );
    expect(heard.at(-1)).toEqual(['done 7', 'ok']);
    off();
    await settle(
      qc,
      [],
      async () => 8,
      (n) => `done ${n}`,
    );
    expect(heard).toHaveLength(2);
  });
});

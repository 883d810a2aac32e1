import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WarningTaskEvent } from '../../../shared/api/warning-tasks';
import { en } from '../../../shared/i18n/en';
import { zhCN } from '../../../shared/i18n/zh-CN';
import { historyAction } from './history';

const reassigned: Pick<WarningTaskEvent, 'action' | 'reassignment'> = {
  action: 'reassigned',
  reassignment: {
    fromOfficerId: 'u-rm1',
    fromOfficerName: '张三',
    toOfficerId: 'u-rm2',
    toOfficerName: '李四',
    cause: 'service_officer_changed',
    reason: '客户经理调岗',
  },
};

describe('a warning task’s history entry in words', () => {
  let zh: TFunction;
  let english: TFunction;
  beforeAll(async () => {
    const i = i18next.createInstance();
    await i.init({
      resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
      lng: 'zh-CN',
      fallbackLng: 'zh-CN',
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    zh = i.getFixedT('zh-CN');
    english = i.getFixedT('en');
  });

  it('says a reassignment with both officers’ names and the cause, in Chinese and in English', () => {
    expect(historyAction(zh, reassigned)).toBe('转交：张三 → 李四（首席服务官变更）');
    expect(historyAction(english, reassigned)).toBe('Reassigned: 张三 → 李四 (service officer changed)');
  });

  it('names a missing previous officer as unassigned, never an id or a blank', () => {
    const none = {
      ...reassigned,
      reassignment: { ...reassigned.reassignment!, fromOfficerId: null, fromOfficerName: null },
    };
    expect(historyAction(zh, none)).toBe('转交：未指定 → 李四（首席服务官变更）');
    expect(historyAction(english, none)).toBe('Reassigned: None assigned → 李四 (service officer changed)');
  });

  it('keeps the other actions’ names', () => {
    expect(historyAction(zh, { action: 'confirmed', reassignment: null })).toBe('主管确认');
    expect(historyAction(english, { action: 'escalated', reassignment: null })).toBe('Escalated (overdue)');
  });
});

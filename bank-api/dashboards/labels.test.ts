import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET } from '../../shared/credit/rule-set';
import { FACTORS } from '../../shared/credit/scorecard';
import { deskZhCN } from '../../shared/i18n/desk.zh-CN';
import { REASON_ALIASES, reasonLabel } from './labels';

describe('decline reasons by name', () => {
  it('every code a decline can carry has a name in both languages, without a figure or a code in it', () => {
    const codes = [
      ...DEFAULT_RULE_SET.admission.map((r) => r.id),
      'ADM_PRODUCT_GRADE',
      ...DEFAULT_RULE_SET.negativeList.map((r) => r.id),
      ...FACTORS.map((f) => f.code),
      ...Object.keys(deskZhCN.decision.standardReasons),
      ...Object.keys(REASON_ALIASES),
    ];
    for (const code of codes) {
      const label = reasonLabel(code);
      expect(label, code).not.toBeNull();
      for (const text of [label!.zh, label!.en]) {
        expect(text, code).not.toMatch(/\{v\}|[A-Z]{2,}_[A-Z_]+|\(\s*\)|（\s*）/);
        expect(text.length, code).toBeGreaterThan(3);
      }
    }
  });

  it('a scorecard reason reads without its figure; admission and negative-list reasons say which', () => {
    expect(reasonLabel('SC_INFLOW_VOLATILE')).toEqual({
      zh: '评分：结算流入波动大',
      en: 'Score: Volatile settlement inflow',
    });
    expect(reasonLabel('ADM_TAX_RATING')?.zh).toBe('不满足准入：纳税信用等级为 A、B 或 M 级');
    expect(reasonLabel('NEG_INDUSTRY')?.zh).toBe('负面清单：所属行业在禁入行业名单内');
    expect(reasonLabel('DEC_POLICY')?.zh).toBe('不符合我行信贷政策');
    expect(reasonLabel('SC_LEVERAGE')).toEqual(reasonLabel('SC_DEBT_HIGH'));
    expect(reasonLabel('NOT_A_CODE')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { findRawValues, formatFindings, summarizeFindings } from './raw-values';

const zh = (...text: string[]) => findRawValues(text, { screen: 's', lang: 'zh-CN' });
const en = (...text: string[]) => findRawValues(text, { screen: 's', lang: 'en' });
const tokens = (fs: { token: string }[]) => fs.map((f) => f.token);

describe('raw values on a screen', () => {
  it('passes what a bank would show its staff', () => {
    const good = [
      '审批队列 快速通道 共 12 笔 剩 3 小时',
      '批准金额 300,000.00 元 年利率 3.85% 不良率 1.2%',
      '王审批 (approver1) 上海分行 审批岗 / 高级审批岗',
      '申请 APP20251201B000123 的合同 HT20251201000001 已导出',
      '沙箱演示账号：approver1、senior1、contract1、supervisor1 等，密码 demo-pass',
      '已下载 HT20251201000001.zip 和 enterprise-comparison-20251201-1030.pdf',
      '行业 C3911 计算机制造 · 计算机制造（C3911）',
      '产品 LDD 流动资金贷款 机构 SH 上海分行',
      '统一社会信用代码 913101150000123456 法定代表人 310***********1234',
      '评分卡 SC-2025.1 规则集 RS-2025.12 · 2025-12-01 12:30:00',
      '销售额 P75 · A 农林牧渔 · 客户信用等级 A B C D E',
      '导出 PDF 导出 PNG 导出 CSV LPR 3.10% 语言 简体中文 English',
      '变异系数 —',
      '覆盖机构 总行, 上海分行',
      '孙华俊 (居民身份证号码 360102********5272) 地区 上海市徐汇区（310104）',
      '逾期次数 0 P100 3 P70 12 P5',
    ];
    expect(zh(...good).map((f) => f.context)).toEqual([]);
    expect(
      en(
        'Approved. The application is in review; 1,000% is the ceiling. Loan amount 500,000.00 yuan.',
        'Branch SH Shanghai Branch · Product LDD Working capital loan · see e.g. the report',
        'Industry Other wholesale n.e.c. (F5199)',
      ),
    ).toEqual([]);
  });

  it('flags i18n keys, raw literals and impossible percentages', () => {
    expect(tokens(zh('指标 avgRate 均值'))).toEqual(['avgRate']);
    expect(tokens(zh('标题 dash.rows.avgRate'))).toEqual(['dash.rows.avgRate']);
    expect(tokens(zh('{{name}}，您好'))).toEqual(['{{name}}']);
    expect(tokens(zh('是否达标 true 笔', '否 false = true'))).toEqual(['true', 'false', 'true']);
    expect(tokens(en('Sales undefined, ratio NaN%, rate Infinity, owner null'))).toEqual([
      'undefined',
      'NaN',
      'Infinity',
      'null',
    ]);
    expect(tokens(zh('有贷款户数不少于年初 1448% 和 1,235 %'))).toEqual(['1448%', '1,235 %']);
    expect(tokens(zh('结算流入波动大（变异系数 999.99%）'))).toEqual(['999.99%']);
    // The cap stated as a bound ("at least") is not the cap passed off as a figure.
    expect(tokens(zh('销售额增长 ≥ 999.99% P100', '增长 >999.99%'))).toEqual([]);
    expect(zh('truth 与 nullable 与 ratio 1000%').filter((f) => f.kind !== 'english')).toEqual([]);
  });

  it('flags codes shown where a name exists', () => {
    expect(tokens(zh('行业 A0141 地区 310104'))).toEqual(['A0141', '310104']);
    expect(tokens(zh('行业代码以 K701,J69 开头'))).toEqual(['K701', 'J69']);
    expect(tokens(zh('生成时间 · 覆盖机构 HO, SH, SH-PD, HZ-XH'))).toEqual(['HO', 'SH', 'SH-PD', 'HZ-XH']);
    expect(tokens(zh('拒绝原因 SC_SALES_TREND、MAT_STATEMENTS'))).toEqual(['SC_SALES_TREND', 'MAT_STATEMENTS']);
    expect(tokens(zh('产品\tLDD\t300,000.00'))).toEqual(['LDD']);
    expect(tokens(en('Status in_review since Monday'))).toEqual(['in_review']);
  });

  it('flags amounts without separators, and English in the Chinese UI', () => {
    expect(tokens(zh('月均结算流入 650126 ≥ 500000'))).toEqual(['650126', '500000']);
    expect(tokens(zh('第一签 王审批 250000.00 元'))).toEqual(['250000.00']);
    expect(tokens(zh('通道 fast 状态 approved'))).toEqual(['fast', 'approved']);
    expect(tokens(zh('负面清单 starts with K701'))).toEqual(['starts with', 'K701']);
    expect(tokens(zh('操作失败：This action needs one of the roles: contract_officer, supervisor.'))).toEqual([
      'This action needs one of the roles: contract_officer, supervisor.',
    ]);
    expect(tokens(zh('决策 legend icon'))).toEqual(['legend icon']);
    expect(tokens(zh('Loading…'))).toEqual(['Loading']);
    // The same words are fine in the English UI.
    expect(en('Lane fast · Loading…')).toEqual([]);
  });

  it('does not take flex items that innerText runs together for a key', () => {
    const text = 'Amount: 1,930,000.00 yuanAnnual rate: 4.20%Term: 6 monthsRepayment: Equal';
    const atoms = ['Amount: 1,930,000.00 yuan', 'Annual rate: 4.20%', 'Term: 6 months', 'Repayment: Equal'];
    expect(findRawValues([text], { screen: 's', lang: 'en', atoms })).toEqual([]);
    expect(tokens(findRawValues(['指标 avgRate'], { screen: 's', lang: 'zh-CN', atoms: ['指标', 'avgRate'] }))).toEqual(
      ['avgRate'],
    );
  });

  it('reports each finding once, with its context, in one readable list', () => {
    const fs = findRawValues([{ text: '甲 avgRate 乙\n甲 avgRate 乙' }, { text: 'x.y.zed', source: 'aria-label' }], {
      screen: 'supervisor1 · dash-regulatory · zh-CN',
      lang: 'zh-CN',
    });
    expect(fs).toHaveLength(2);
    expect(fs[0]).toMatchObject({ kind: 'key', token: 'avgRate', context: '甲 avgRate 乙' });
    const text = formatFindings(fs);
    expect(text).toContain('supervisor1 · dash-regulatory · zh-CN (2)');
    expect(text).toContain('"x.y.zed" in "x.y.zed" [aria-label]');
    const again = findRawValues(['乙 avgRate 甲'], { screen: 'senior1 · home · zh-CN', lang: 'zh-CN' });
    expect(formatFindings([...fs, ...again, ...again])).toContain('senior1 · home · zh-CN (1)');
    expect(summarizeFindings([...fs, ...again]).split('\n')[0]).toContain(
      '"avgRate" in "甲 avgRate 乙" — camelCase key standing alone; on supervisor1 · dash-regulatory · zh-CN, senior1 · home · zh-CN',
    );
  });
});

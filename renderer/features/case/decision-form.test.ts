import { describe, expect, it } from 'vitest';
import type { ApplicationDetail } from '../../../shared/api/applications';
import type { User } from '../../../shared/api/auth';
import {
  approvalGates,
  availableActions,
  awaitingSecondSignature,
  buildDecision,
  defaultEscalation,
  emptyCondition,
  explainAuthority,
  initialForm,
  requiredItem,
  toDraft,
} from './decision-form';

const approver: User = {
  id: 'u-approver1',
  username: 'approver1',
  displayName: '王审批',
  roles: ['approver'],
  branch: { id: 'SH', parentId: 'HO', nameZh: '上海分行', nameEn: 'Shanghai', level: 'branch' },
  authority: { A: '3000000.00', B: '2000000.00', C: '1000000.00', D: '300000.00', E: '0.00' },
};
const senior: User = {
  ...approver,
  id: 'u-senior1',
  roles: ['senior_approver'],
  authority: { ...approver.authority!, D: '1000000.00' },
};

const detail = (over: Partial<ApplicationDetail> = {}): ApplicationDetail => ({
  id: 'APP202611290000001',
  enterpriseId: 'E1',
  uscc: '91310115005002988A',
  enterpriseName: '上海某某有限公司',
  productCode: 'LDD',
  amount: '800000.00',
  termMonths: 12,
  repaymentMethod: 'equal_installment',
  channel: 'branch',
  status: 'in_review',
  tier: 'standard',
  grade: 'D',
  score: 555,
  branchId: 'SH',
  assigneeId: null,
  submittedAt: '2026-11-29T06:04:05.000Z',
  slaDueAt: null,
  slaState: null,
  version: 2,
  purpose: '采购',
  legalRepName: '刘',
  legalRepId: '330106********5997',
  assessment: { price: { annualRate: '4.90' }, score: { reasonCodes: [] } },
  routing: {},
  preapproval: null,
  profile: {},
  checklist: [{ code: 'FIN_STATEMENTS', name: '近一年财务报表', state: 'pending' }],
  investigation: null,
  approvedTerms: null,
  conditions: [],
  guarantors: [{ name: GUARANTOR }],
  createdBy: 'u-rm1',
  investigatedBy: null,
  escalatedTo: null,
  pricingException: null,
  policyExceptions: [],
  history: [],
  ...over,
});
const GUARANTOR = '上海市中小微企业政策性融资担保基金管理中心';

describe('the decision form', () => {
  it('offers approve/decline/return/escalate to approvers on an open case, vote to committee members', () => {
    expect(availableActions(detail(), approver)).toEqual(['approve', 'decline', 'return', 'escalate']);
    expect(availableActions(detail({ status: 'committee', tier: 'committee' }), approver)).toEqual([]);
    expect(availableActions(detail({ tier: 'committee' }), { ...approver, roles: ['committee'] })).toEqual([]);
    expect(availableActions(detail({ tier: 'committee' }), approver)).toEqual(['escalate', 'return']);
    expect(availableActions(detail({ status: 'committee' }), { ...approver, roles: ['committee'] })).toEqual(['vote']);
    expect(availableActions(detail({ status: 'approved' }), approver)).toEqual([]);
  });

  it('says nothing about a return or an escalation the user may make, and explains one on their own case', () => {
    expect(explainAuthority(detail(), approver, initialForm(detail(), 'return'))).toBeNull();
    expect(explainAuthority(detail(), approver, initialForm(detail(), 'escalate'))).toBeNull();
    const own = detail({ createdBy: approver.id });
    expect(explainAuthority(own, approver, initialForm(own, 'escalate'))).toMatchObject({
      allowed: false,
      code: 'SOD_CREATOR',
    });
  });

  it('explains before submitting that an amount above authority must be escalated, and refuses it', () => {
    const f = initialForm(detail(), 'approve');
    expect(explainAuthority(detail(), approver, f)).toMatchObject({
      allowed: false,
      code: 'AUTH_ABOVE_LIMIT',
      requiredRole: 'senior_approver',
    });
    expect(buildDecision(detail(), approver, f).errors.amount).toEqual({
      key: 'amountAuthority',
      params: { grade: 'D', limit: '300000.00' },
    });
    const within = { ...f, amount: '250000' };
    expect(explainAuthority(detail(), approver, within)).toMatchObject({ allowed: true, code: 'AUTH_FIRST_SIGNATURE' });
    expect(buildDecision(detail(), approver, within).request).toMatchObject({
      action: 'approve',
      amount: '250000.00',
    });
  });

  it('tells the second signer it completes the decision, and refuses the same person twice', () => {
    const signed = detail({
      history: [
        {
          id: 3,
          actorId: 'u-approver1',
          actorName: '王审批',
          action: 'sign',
          fromStatus: 'in_review',
          toStatus: 'in_review',
          payload: { role: 'approver', amount: '250000.00' },
          at: '2026-11-29T07:00:00.000Z',
        },
      ],
    });
    const f = { ...initialForm(signed, 'approve'), amount: '250000.00' };
    expect(explainAuthority(signed, senior, f)).toMatchObject({ allowed: true, code: 'AUTH_SECOND_SIGNATURE' });
    expect(explainAuthority(signed, approver, f)).toMatchObject({ allowed: false, code: 'SOD_SAME_SIGNER' });
  });

  it('offers no form on a first-signed standard case to whoever cannot give the second signature', () => {
    const sign = {
      id: 3,
      actorId: 'u-approver1',
      actorName: '王审批',
      action: 'sign',
      fromStatus: 'in_review' as const,
      toStatus: 'in_review' as const,
      payload: { role: 'approver', amount: '250000.00' },
      at: '2026-11-29T07:00:00.000Z',
    };
    const signed = detail({ history: [sign] });
    // The first signer, and another (non-senior) approver: the case awaits a senior approver.
    expect(awaitingSecondSignature(signed, approver)).toMatchObject({ userId: 'u-approver1', name: '王审批' });
    expect(availableActions(signed, approver)).toEqual([]);
    const approver2 = { ...approver, id: 'u-approver2' };
    expect(awaitingSecondSignature(signed, approver2)).toMatchObject({ userId: 'u-approver1' });
    expect(availableActions(signed, approver2)).toEqual([]);
    // The senior approver signs second; nothing waits on an unsigned case or another tier.
    expect(awaitingSecondSignature(signed, senior)).toBeNull();
    expect(availableActions(signed, senior)).toEqual(['approve', 'decline', 'return', 'escalate']);
    expect(awaitingSecondSignature(detail(), approver)).toBeNull();
    expect(awaitingSecondSignature(detail({ tier: 'fast', history: [sign] }), approver)).toBeNull();
    expect(awaitingSecondSignature(detail({ status: 'approved', history: [sign] }), approver)).toBeNull();
  });

  it('refuses amounts, rates and terms outside the request, the product or the law, each with its own message', () => {
    const d = detail({ grade: 'A', tier: 'fast' });
    const f = initialForm(d, 'approve');
    const err = (patch: object) => buildDecision(d, approver, { ...f, ...patch }).errors;
    expect(err({ amount: '12abc' }).amount?.key).toBe('amountFormat');
    expect(err({ amount: '0' }).amount?.key).toBe('amountPositive');
    expect(err({ amount: '900000.00' }).amount?.key).toBe('amountAboveRequest');
    expect(err({ amount: '1.00' }).amount?.key).toBe('amountProduct');
    expect(err({ rate: 'abc' }).rate?.key).toBe('rateFormat');
    expect(err({ rate: '48' }).rate?.key).toBe('rateRange');
    expect(err({ term: '999' }).term?.key).toBe('termRange');
    expect(err({ term: '1.5' }).term?.key).toBe('termRange');
    expect(err({ otherConditions: 'x'.repeat(1_000_000) }).otherConditions).toEqual({
      key: 'textTooLong',
      params: { max: 2000, n: 1_000_000 },
    });
  });

  it('requires reasons to decline, items to return and a reason to escalate', () => {
    const d = detail();
    expect(buildDecision(d, approver, initialForm(d, 'decline')).errors.reasons?.key).toBe('reasonsRequired');
    expect(buildDecision(d, approver, initialForm(d, 'return')).errors.items?.key).toBe('itemsRequired');
    expect(buildDecision(d, approver, initialForm(d, 'escalate')).errors.escalateReason?.key).toBe('reasonRequired');
    const dec = buildDecision(d, approver, {
      ...initialForm(d, 'decline'),
      reasons: ['DEC_POLICY'],
      comment: ' <b>x</b> ',
    });
    expect(dec.request).toEqual({ action: 'decline', reasonCodes: ['DEC_POLICY'], comment: '<b>x</b>' });
  });

  it('builds an approval with the required items pre-filled, typed items and free text', () => {
    const d = detail({ grade: 'A', tier: 'fast', amount: '300000.00' });
    const base = initialForm(d, 'approve');
    // The guarantee for the case's guarantor is pre-filled and may not be removed (the API requires it).
    expect(base.conditions).toEqual([
      { type: 'guarantee_signed', guarantor: GUARANTOR, payeeName: '', collateral: '', text: '' },
    ]);
    expect(requiredItem(d, base, 0)).toBe(true);
    const f = {
      ...base,
      conditions: [
        ...base.conditions,
        { ...emptyCondition('entrusted_payment'), payeeName: ' 甲供应商 ' },
        { ...emptyCondition('settlement_account'), text: '基本户' },
      ],
      otherConditions: ' 追加担保 ',
    };
    expect(requiredItem(d, f, 1)).toBe(false);
    expect(buildDecision(d, approver, f).request).toEqual({
      action: 'approve',
      amount: '300000.00',
      annualRate: '4.90',
      termMonths: 12,
      repaymentMethod: 'equal_installment',
      conditions: [
        { type: 'guarantee_signed', params: { guarantor: GUARANTOR } },
        { type: 'entrusted_payment', params: { payeeName: '甲供应商' } },
        { type: 'settlement_account', params: {}, text: '基本户' },
        { type: 'other', params: {}, text: '追加担保' },
      ],
    });
  });

  it('refuses what the bank API would: a required item removed, an item without its parameter, no guarantor', () => {
    const d = detail({ grade: 'A', tier: 'fast', amount: '300000.00' });
    const f = initialForm(d, 'approve');
    const none = buildDecision(d, approver, { ...f, conditions: [] });
    expect(none.request).toBeNull();
    expect(none.errors.conditions).toMatchObject({
      key: 'requiredMissing',
      params: { zh: expect.stringContaining(GUARANTOR) },
    });
    const blank = buildDecision(d, approver, {
      ...f,
      conditions: [...f.conditions, emptyCondition('mortgage_registration'), emptyCondition('other')],
    });
    expect(blank.errors.cond).toEqual({
      '1.collateral': { key: 'collateralRequired' },
      '2.text': { key: 'textRequired' },
    });
    const noGuarantor = detail({ grade: 'A', tier: 'fast', amount: '300000.00', guarantors: [] });
    expect(initialForm(noGuarantor, 'approve').conditions).toEqual([]);
    expect(buildDecision(noGuarantor, approver, initialForm(noGuarantor, 'approve')).errors.conditions).toEqual({
      key: 'guarantorMissing',
    });
    // Above 1,000,000 yuan a working-capital loan needs 受托支付: pre-filled, and required.
    const big = detail({ grade: 'A', tier: 'fast', amount: '1500000.00' });
    expect(initialForm(big, 'approve').conditions.map((c) => c.type)).toEqual([
      'guarantee_signed',
      'entrusted_payment',
    ]);
    // A DYD case: the mortgage registration is pre-filled with the title certificate's property; cleared, refused.
    const dyd = detail({ grade: 'A', tier: 'fast', amount: '300000.00', productCode: 'DYD', guarantors: [] });
    const df = initialForm(dyd, 'approve');
    expect(df.conditions.map((c) => [c.type, c.collateral])).toEqual([
      ['mortgage_registration', '不动产权证书所载抵押物'],
    ]);
    expect(buildDecision(dyd, approver, df).errors.cond).toBeUndefined();
    const cleared = { ...df, conditions: [{ ...df.conditions[0]!, collateral: ' ' }] };
    expect(buildDecision(dyd, approver, cleared).errors.cond).toEqual({
      '0.collateral': { key: 'collateralRequired' },
    });
  });

  it('keeps structured items in a draft across a reload', () => {
    const d = detail({ grade: 'A', tier: 'fast', amount: '300000.00' });
    const base = initialForm(d, 'approve');
    const f = {
      ...base,
      conditions: [...base.conditions, { ...emptyCondition('entrusted_payment'), payeeName: '乙公司' }],
    };
    const draft = toDraft(f, d.version);
    expect(typeof draft.fields.conditions).toBe('string');
    expect(initialForm(d, 'approve', draft).conditions).toEqual(f.conditions);
  });

  it('round-trips through a draft, including the action', () => {
    const d = detail();
    const f = { ...initialForm(d, 'decline'), reasons: ['DEC_CREDIT'], comment: '半成品' };
    const draft = toDraft(f, d.version, new Date('2026-11-29T08:00:00Z'));
    expect(draft).toMatchObject({ action: 'decline', version: 2, updatedAt: '2026-11-29T08:00:00.000Z' });
    expect(initialForm(d, 'approve', draft)).toEqual(f);
  });

  it('puts the senior lane before senior approvers only, and escalates by default where the authority check says', () => {
    const lane = detail({ status: 'escalated', escalatedTo: 'senior_approver' });
    expect(availableActions(lane, senior)).toEqual(['approve', 'decline', 'return', 'escalate']);
    expect(availableActions(lane, approver)).toEqual([]);
    expect(availableActions(lane, { ...approver, roles: ['committee'] })).toEqual([]);
    expect(defaultEscalation(detail({ grade: 'D', amount: '800000.00' }), approver)).toBe('senior_approver');
    expect(defaultEscalation(lane, senior)).toBe('committee');
    expect(initialForm(detail({ grade: 'D' }), 'escalate', null, approver).escalateTo).toBe('senior_approver');
  });

  it('refuses a rate beyond the user’s pricing authority with the reason, and sends it on as a pricing exception', () => {
    const d = detail({ grade: 'A', tier: 'fast', amount: '300000.00', assessment: { asOf: '2026-11-27' } });
    const f = { ...initialForm(d, 'approve'), amount: '300000.00' };
    expect(buildDecision(d, approver, { ...f, rate: '3.35' }).errors.rate).toBeUndefined();
    const below = buildDecision(d, approver, { ...f, rate: '0.50' });
    expect(below.errors.rate).toMatchObject({ key: 'ratePricingCommittee', params: { rate: '0.50', floor: '3.00' } });
    expect(below.request).toBeNull();
    expect(buildDecision(d, approver, { ...f, rate: '3.10' }).errors.rate?.key).toBe('ratePricingSenior');
    expect(buildDecision(d, senior, { ...f, rate: '3.10' }).errors.rate).toBeUndefined();
    const ask = { ...f, rate: '0.50', pricingException: true };
    expect(buildDecision(d, approver, ask).errors.pricingReason?.key).toBe('pricingReasonRequired');
    expect(buildDecision(d, approver, { ...ask, pricingReason: '战略客户' }).request).toMatchObject({
      action: 'approve',
      annualRate: '0.50',
      pricingException: { reason: '战略客户' },
    });
  });

  it('lists the approval gates the bank API checks: items not in hand, and the investigation on standard cases', () => {
    expect(approvalGates(detail()).map((g) => g.code)).toEqual(['FIN_STATEMENTS', 'INVESTIGATION']);
    const ready = detail({
      checklist: [{ code: 'FIN_STATEMENTS', name: '近一年财务报表', state: 'received' }],
      investigation: { kind: 'field_visit', investigators: ['u-rm1'], date: '2026-11-27', summary: '走访' },
    });
    expect(approvalGates(ready)).toEqual([]);
    expect(approvalGates(detail({ tier: 'fast', checklist: [] }))).toEqual([]);
  });
});

/**
 * The credit memo (审批意见书) as words: everything the file keeps about one decided case, in Chinese
 * (the bank's file language), as sections the renderer lays out. Pure: the rows come in, nothing is
 * read here. Reasons are worded by shared/credit/describe.ts (as the desk words them), labels come
 * from the desk's own Chinese resources, so the memo and the screen say the same thing.
 */
import {
  groupAmountsInText,
  reasonName,
  reasonText,
  routingReasonText,
  type StoredReason,
} from '../../shared/credit/describe';
import { describeLoanCondition, fromStored } from '../../shared/credit/loan-conditions';
import { deskZhCN } from '../../shared/i18n/desk.zh-CN';
import { zhCN } from '../../shared/i18n/zh-CN';
import { maskResidentId } from '../../shared/ids';
import { toChineseCapitals } from '../../shared/money/capitals';
import { groupMoney } from '../../shared/money/group';
import { formatMoney, parseMoney } from '../../shared/money/money';
import { type ApplicationRow, conditionsOf } from '../workflow/rows';

/** The statuses a final decision leaves a case in. */
export const FINAL_DECISION_STATUSES = ['approved', 'declined', 'auto_approved', 'auto_declined'] as const;

/** One entry of the decision history, with who acted (name and roles) as the users table has them. */
export interface MemoHistoryEntry {
  id: number;
  action: string;
  fromStatus: string;
  toStatus: string;
  actorId: string | null;
  actorName: string | null;
  actorRoles: string[];
  payload: Record<string, unknown>;
  at: Date;
}

export interface MemoInput {
  row: ApplicationRow;
  history: MemoHistoryEntry[];
  bankName: string;
  branchName: string;
}

export type MemoBlock =
  | { kind: 'fields'; rows: [string, string][] }
  | { kind: 'paragraphs'; lines: string[] }
  | { kind: 'table'; head: string[]; widths: number[]; rows: string[][] };

export interface MemoSection {
  heading: string;
  blocks: MemoBlock[];
}

export interface Memo {
  caseId: string;
  bankName: string;
  title: string;
  /** The final decision: what, when (the memo's date) and by whom. */
  outcome: 'approved' | 'declined';
  outcomeZh: string;
  decidedAt: Date;
  sections: MemoSection[];
}

const NONE = '无';
const DASH = '—';

type Dict = Record<string, string>;
const word = (dict: Dict, key: unknown): string => {
  const k = String(key ?? '');
  return dict[k] ?? (k === '' ? DASH : k);
};
const products = deskZhCN.product as Dict;
const tiers = deskZhCN.tier as Dict;
const statuses = deskZhCN.status as Dict;
const methods = deskZhCN.method as Dict;
const channels = deskZhCN.channel as Dict;
const actions = deskZhCN.case.actions as Dict;
const targets = deskZhCN.decision.escalateTargets as Dict;
const votes = deskZhCN.decision.votes as Dict;
const roles = zhCN.roles as Dict;

/** Beijing time (fixed UTC+8), to the minute: "2026-11-30 13:00". */
export function beijingMinute(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** "300000.00" → "300,000.00 元". */
const yuan = (v: unknown) => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? `${groupMoney(v)} 元` : DASH);
const capitals = (v: unknown) => {
  try {
    return typeof v === 'string' ? toChineseCapitals(parseMoney(v)) : '';
  } catch {
    return '';
  }
};
const pct = (v: unknown) => (v === undefined || v === null || v === '' ? DASH : `${String(v)}%`);
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (v === undefined || v === null || v === '' ? '' : String(v));
const zhOf = (v: unknown): string => {
  const o = obj(v);
  return str(o.zh) || str(v && typeof v !== 'object' ? v : '');
};
const CN_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/** A reason code of a decline in words (admission, negative list, scorecard), the code kept beside it. */
/** A condition as the history holds it (an item, or a string written before conditions were data), in words. */
function conditionLine(c: unknown): string {
  try {
    return describeLoanCondition(fromStored(c));
  } catch {
    return typeof c === 'string' ? c : JSON.stringify(c);
  }
}

function declineReason(code: string, row: ApplicationRow): string {
  const stored = arr(obj(obj(row.assessment).score).reasonCodes).find((r) => obj(r).code === code);
  const words = stored ? reasonText(stored as unknown as StoredReason, 'zh') : reasonName(code, 'zh');
  return words ? `${words}（${code}）` : code;
}

/** The terms a signature or approval carries, in one line. */
function termsLine(p: Record<string, unknown>): string {
  const parts: string[] = [];
  if (p.amount) parts.push(`金额 ${yuan(p.amount)}`);
  if (p.annualRate) parts.push(`年利率 ${pct(p.annualRate)}`);
  if (p.termMonths) parts.push(`期限 ${str(p.termMonths)} 个月`);
  if (p.repaymentMethod) parts.push(word(methods, p.repaymentMethod));
  return parts.join('，');
}

/** What one history entry says, in words. */
function entryText(h: MemoHistoryEntry, row: ApplicationRow): string {
  const p = h.payload;
  const out: string[] = [];
  switch (h.action) {
    case 'screen':
      out.push(
        `评分模型 ${str(p.modelVersion) || DASH}，规则集 ${str(p.ruleSetVersion) || DASH}，分流 ${word(tiers, p.tier)}（${str(p.routing)}）`,
      );
      if (arr(p.policyExceptions).length) out.push(`政策例外：${arr(p.policyExceptions).map(String).join('、')}`);
      break;
    case 'route':
      out.push(`进入${word(tiers, p.tier)}通道`);
      break;
    case 'auto_approve': {
      const i = obj(p.instant);
      out.push(`秒批通道自动批准：${termsLine(i)}`);
      break;
    }
    case 'auto_decline': {
      const i = obj(p.instant);
      out.push(
        `秒批通道自动拒绝：${arr(i.reasonCodes)
          .map((c) => declineReason(String(c), row))
          .join('；')}`,
      );
      break;
    }
    case 'sign':
    case 'approve':
      if (p.step) out.push(`第${str(p.step) === '1' ? '一' : '二'}签`);
      out.push(termsLine(p));
      if (arr(p.conditions).length) out.push(`条件：${arr(p.conditions).map(conditionLine).join('；')}`);
      break;
    case 'decline':
      out.push(
        `拒绝原因：${
          arr(p.reasonCodes)
            .map((c) => declineReason(String(c), row))
            .join('；') || DASH
        }`,
      );
      break;
    case 'escalate':
      out.push(`上报至${word(targets, p.to)}`);
      if (p.reason) out.push(`理由：${str(p.reason)}`);
      break;
    case 'pricing_exception':
      out.push(`定价例外，报${word(targets, p.to)}授权：${str(p.zh)}`);
      if (p.reason) out.push(`理由：${str(p.reason)}`);
      break;
    case 'vote':
      out.push(`表决：${word(votes, p.vote)}`);
      break;
    case 'return':
      out.push(`退回补件：${arr(p.items).map(String).join('、')}`);
      break;
    default:
      break;
  }
  if (p.comment) out.push(`意见：${str(p.comment)}`);
  return out.filter(Boolean).join('；') || DASH;
}

/** The role an entry was made in: the one its payload names, else the acting user's deciding role. */
function roleOf(h: MemoHistoryEntry): string {
  if (!h.actorId) return '系统';
  const named = str(h.payload.role);
  if (named) return word(roles, named);
  if (h.action === 'vote') return word(roles, 'committee');
  const order = ['committee', 'senior_approver', 'approver', 'supervisor', 'contract_officer', 'relationship_manager'];
  const r = order.find((x) => h.actorRoles.includes(x));
  return r ? word(roles, r) : DASH;
}

/** The entry that decided the case finally (the last move into an approved or declined status), if any. */
export function finalDecision(history: readonly MemoHistoryEntry[]): MemoHistoryEntry | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i]!;
    if ((FINAL_DECISION_STATUSES as readonly string[]).includes(h.toStatus)) return h;
  }
  return null;
}

/** The memo of a case with a final decision (the caller checked `finalDecision` is there). */
export function buildMemo(input: MemoInput): Memo {
  const { row, history } = input;
  const final = finalDecision(history);
  if (!final) throw new Error(`case ${row.id} has no final decision`);
  const approved = final.toStatus === 'approved' || final.toStatus === 'auto_approved';
  const a = obj(row.assessment);
  const score = obj(a.score);
  const profile = obj(row.profile_snapshot);
  const routing = obj(row.routing);
  const price = obj(a.price);
  const sections: MemoSection[] = [];
  const add = (title: string, ...blocks: MemoBlock[]) =>
    sections.push({ heading: `${CN_NUM[sections.length]}、${title}`, blocks });

  add('申请概况', {
    kind: 'fields',
    rows: [
      ['案件编号', row.id],
      ['企业名称', row.enterprise_name],
      ['统一社会信用代码', row.uscc],
      ['法定代表人', `${str(profile.legalRepName) || DASH}（身份证 ${maskResidentId(str(profile.legalRepId))}）`],
      ['经办机构', input.branchName],
      ['申请渠道', word(channels, row.channel)],
      ['申请产品', `${word(products, row.product_code)}（${row.product_code}）`],
      ['申请金额', `${yuan(formatMoney(BigInt(row.amount_fen)))}（${capitals(formatMoney(BigInt(row.amount_fen)))}）`],
      ['期限', `${row.term_months} 个月`],
      ['还款方式', word(methods, row.repayment_method)],
      ['借款用途', row.purpose || DASH],
      ['提交时间', beijingMinute(new Date(row.submitted_at))],
    ],
  });

  const asOf = obj(profile.asOf);
  const DATA_NAMES: [string, string][] = [
    ['registry', '市场监管登记'],
    ['tax', '税务'],
    ['bureau', '征信'],
    ['settlement', '结算流水'],
    ['socialInsurance', '社保'],
  ];
  add('数据日期', {
    kind: 'fields',
    rows: [
      ['评估基准日', str(a.asOf) || DASH],
      ...DATA_NAMES.filter(([k]) => asOf[k]).map(([k, name]): [string, string] => [`${name}数据截至`, str(asOf[k])]),
    ],
  });

  const reasons = arr(score.reasonCodes).map(
    (r) => `${reasonText(r as StoredReason, 'zh')}（${str(obj(r).code)}，扣 ${str(obj(r).pointsLost)} 分）`,
  );
  add(
    '评分与评级',
    {
      kind: 'fields',
      rows: [
        ['评分', str(row.score ?? score.score) || DASH],
        ['评级', str(row.grade ?? score.grade) || DASH],
        ['违约概率（PD）', score.pd ? `${str(score.pd)}%` : DASH],
        ['评分模型', str(a.modelVersion) || DASH],
      ],
    },
    { kind: 'paragraphs', lines: reasons.length ? reasons.map((r, i) => `${i + 1}. ${r}`) : ['评分无扣分原因。'] },
  );

  const admission = obj(a.admission);
  const negative = obj(a.negativeList);
  const failed = arr(admission.failed).map((c) => declineReason(String(c), row));
  const hits = arr(negative.hits).map((c) => declineReason(String(c), row));
  add('适用规则与分流', {
    kind: 'fields',
    rows: [
      ['规则集版本', str(a.ruleSetVersion ?? routing.ruleSetVersion) || DASH],
      ['准入规则', failed.length ? `未通过：${failed.join('；')}` : `全部通过（${arr(admission.outcomes).length} 项）`],
      ['负面清单', hits.length ? `命中：${hits.join('；')}` : `未命中（${arr(negative.outcomes).length} 项）`],
      ['分流通道', `${word(tiers, routing.tier ?? row.tier)}（${str(routing.code) || DASH}）`],
      ['分流原因', groupAmountsInText(routingReasonText({ zh: zhOf(routing.reason), en: '' }, 'zh')) || DASH],
      ['审批层级', word(tiers, row.tier)],
      [
        '参考定价',
        price.annualRate
          ? `${pct(price.annualRate)}（${str(price.lprTenor) === '5y' ? '5年期' : '1年期'} LPR ${pct(price.lpr)}，加 ${str(price.spreadBp)} 个基点）`
          : DASH,
      ],
    ],
  });

  const inv = row.investigation ? obj(row.investigation) : null;
  add(
    '尽职调查',
    inv
      ? {
          kind: 'fields',
          rows: Object.entries(inv)
            .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
            .map(([k, v]): [string, string] => [INVESTIGATION_LABELS[k] ?? k, str(v)]),
        }
      : { kind: 'paragraphs', lines: ['未记录尽职调查（该通道不要求，或在调查前已作出决定）。'] },
  );

  const exceptions = arr(row.policy_exceptions).map((e) => `${zhOf(e) || str(obj(e).code)}（${str(obj(e).code)}）`);
  const pe = row.pricing_exception ? obj(row.pricing_exception) : null;
  add('政策例外与定价例外', {
    kind: 'paragraphs',
    lines: [
      `政策例外：${exceptions.length ? exceptions.join('；') : NONE}`,
      pe
        ? `定价例外：${str(pe.zh) || str(pe.code)}；申请理由：${str(pe.reason) || DASH}；授权岗位：${word(targets, pe.grantRole ?? pe.to)}`
        : `定价例外：${NONE}`,
    ],
  });

  const terms = obj(row.approved_terms);
  const finalPayload = final.action === 'auto_approve' ? obj(final.payload.instant) : final.payload;
  add(
    approved ? '批准条件' : '拒绝原因',
    approved
      ? {
          kind: 'fields',
          rows: [
            ['批准金额', `${yuan(terms.amount)}（${capitals(terms.amount)}）`],
            ['年利率', pct(terms.annualRate)],
            ['期限', terms.termMonths ? `${str(terms.termMonths)} 个月` : DASH],
            ['还款方式', word(methods, terms.repaymentMethod)],
            [
              '用信条件',
              row.conditions.length
                ? conditionsOf(row)
                    .map((c, i) => `${i + 1}. ${describeLoanCondition(c)}`)
                    .join('；')
                : NONE,
            ],
          ],
        }
      : {
          kind: 'paragraphs',
          lines: arr(
            final.action === 'auto_decline' ? obj(final.payload.instant).reasonCodes : finalPayload.reasonCodes,
          ).map((c, i) => `${i + 1}. ${declineReason(String(c), row)}`),
        },
  );

  const upToFinal = history.filter((h) => h.id <= final.id && h.action !== 'claim' && h.action !== 'release');
  add('审批记录（签批与表决）', {
    kind: 'table',
    head: ['时间', '环节', '经办人', '岗位', '意见及内容'],
    widths: [0.2, 0.1, 0.1, 0.12, 0.48],
    rows: upToFinal.map((h) => [
      beijingMinute(h.at),
      word(actions, h.action),
      h.actorName ?? '系统',
      roleOf(h),
      entryText(h, row),
    ]),
  });

  const outcomeZh = approved ? '同意授信' : '不予授信';
  const decider = final.actorId ? `${final.actorName ?? DASH}（${roleOf(final)}）` : '系统（秒批通道自动决策）';
  add('审批结论', {
    kind: 'fields',
    rows: [
      ['结论', `${outcomeZh}（${word(statuses, final.toStatus)}）`],
      ['决定时间', beijingMinute(final.at)],
      ['决定人', decider],
      ...(approved && terms.amount ? [['授信金额', yuan(terms.amount)] as [string, string]] : []),
    ],
  });

  return {
    caseId: row.id,
    bankName: input.bankName,
    title: '小微企业授信审批意见书',
    outcome: approved ? 'approved' : 'declined',
    outcomeZh,
    decidedAt: final.at,
    sections,
  };
}

/** Words for the investigation fields the front office records; other keys print as they are. */
const INVESTIGATION_LABELS: Record<string, string> = {
  summary: '调查结论',
  findings: '调查发现',
  visitDate: '实地调查日期',
  visitedAt: '实地调查时间',
  method: '调查方式',
  investigator: '调查人',
  recordedBy: '记录人',
  recordedAt: '记录时间',
  site: '调查地点',
  conclusion: '调查结论',
  risks: '主要风险',
  mitigants: '风险缓释',
};

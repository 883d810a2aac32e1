/**
 * Pre-loan investigation (贷前调查, issue 15 item 3): standard questionnaires per product as versioned
 * data — sections, questions, answer types, which answers are required and which raise a flag — and the
 * record a relationship manager submits: a field visit by two distinct staff (双人调查), a video
 * investigation (participants, start and end, recording reference), or a waiver where a waiver rule
 * (data, below) allows it. The bank API checks a record against its questionnaire (checkAnswers); the
 * desk generates its form from the same data.
 */
import { z } from 'zod';

export type AnswerType = 'yes_no' | 'text' | 'number' | 'choice';

export interface Question {
  id: string;
  text: { zh: string; en: string };
  type: AnswerType;
  required: boolean;
  /** For `choice`: the allowed values with their labels. */
  options?: readonly { value: string; zh: string; en: string }[];
  /** An answer that raises a flag for the approver: a yes/no value, choice values, or a number below. */
  flagWhen?: { equals?: boolean | string; oneOf?: readonly string[]; below?: number };
}

export interface Section {
  id: string;
  title: { zh: string; en: string };
  questions: readonly Question[];
}

export interface Questionnaire {
  id: string;
  version: number;
  /** Products this questionnaire serves. */
  products: readonly string[];
  sections: readonly Section[];
}

const q = (
  id: string,
  zh: string,
  en: string,
  type: AnswerType,
  required: boolean,
  extra: Partial<Question> = {},
): Question => ({ id, text: { zh, en }, type, required, ...extra });

const OPERATIONS: Section = {
  id: 'operations',
  title: { zh: '经营情况', en: 'Operations' },
  questions: [
    q('premises_match', '经营场所与登记地址一致', 'Premises match the registered address', 'yes_no', true, {
      flagWhen: { equals: false },
    }),
    q('operating_normally', '现场生产经营正常', 'The business operates normally on site', 'yes_no', true, {
      flagWhen: { equals: false },
    }),
    q('staff_seen', '现场在岗员工人数', 'Staff seen at work', 'number', true, { flagWhen: { below: 1 } }),
    q('revenue_consistent', '经营流水与纳税申报是否匹配', 'Turnover consistent with tax returns', 'choice', true, {
      options: [
        { value: 'consistent', zh: '一致', en: 'Consistent' },
        { value: 'minor_gap', zh: '略有差异', en: 'Minor gap' },
        { value: 'major_gap', zh: '明显不符', en: 'Major gap' },
      ],
      flagWhen: { oneOf: ['major_gap'] },
    }),
  ],
};

const CONTROLLER: Section = {
  id: 'controller',
  title: { zh: '实际控制人', en: 'Controller' },
  questions: [
    q('controller_met', '已面见实际控制人', 'Met the actual controller', 'yes_no', true, {
      flagWhen: { equals: false },
    }),
    q('other_debts', '实际控制人存在其他大额负债', 'The controller has other large debts', 'yes_no', true, {
      flagWhen: { equals: true },
    }),
    q('notes', '调查意见', 'Investigator notes', 'text', false),
  ],
};

const COLLATERAL: Section = {
  id: 'collateral',
  title: { zh: '担保与抵押物', en: 'Security' },
  questions: [
    q('collateral_inspected', '已现场查看抵押物或保证人', 'Collateral or guarantor inspected', 'yes_no', true, {
      flagWhen: { equals: false },
    }),
    q('title_clear', '权属清晰、无查封', 'Title clear, no seizure', 'yes_no', true, { flagWhen: { equals: false } }),
  ],
};

export const QUESTIONNAIRES: readonly Questionnaire[] = [
  { id: 'INV-CREDIT', version: 1, products: ['XMD', 'SYD'], sections: [OPERATIONS, CONTROLLER] },
  { id: 'INV-SECURED', version: 1, products: ['DYD', 'LDD'], sections: [OPERATIONS, CONTROLLER, COLLATERAL] },
];

/** The questionnaire in force for a product (the credit one for a product not named). */
export function questionnaireFor(productCode: string): Questionnaire {
  return QUESTIONNAIRES.find((x) => x.products.includes(productCode)) ?? QUESTIONNAIRES[0]!;
}

/**
 * Waiver rules (免调查), as data: a case may go without an investigation only where one of these
 * allows it — model passed, low risk, on the routed tier and product kind named. The record keeps the rule.
 */
export interface WaiverRule {
  id: string;
  text: { zh: string; en: string };
  tiers: readonly string[];
  guaranteeTypes: readonly string[];
  grades: readonly string[];
}

export const WAIVER_RULES: readonly WaiverRule[] = [
  {
    id: 'WAIVE-FAST-CREDIT-AB',
    text: {
      zh: '快速通道信用类产品、模型评级 A/B 级可免实地调查',
      en: 'Fast-tier credit products graded A or B by the model may waive the investigation',
    },
    tiers: ['fast'],
    guaranteeTypes: ['credit'],
    grades: ['A', 'B'],
  },
];

export function waiverRuleFor(c: { tier: string; guaranteeType: string; grade: string | null }): WaiverRule | null {
  return (
    WAIVER_RULES.find(
      (r) => r.tiers.includes(c.tier) && r.guaranteeTypes.includes(c.guaranteeType) && r.grades.includes(c.grade ?? ''),
    ) ?? null
  );
}

const Answer = z.union([z.boolean(), z.number().finite(), z.string().max(2000)]);
const UserId = z.string().min(1).max(64);
const Instant = z.iso.datetime({ offset: true });

/** What the relationship manager submits (PUT /api/v1/applications/{id}/investigation). */
export const InvestigationRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('field_visit'),
    /** The second staff member of the two-person visit (the caller is the first). */
    secondInvestigator: UserId,
    date: z.iso.date(),
    summary: z.string().trim().min(1).max(2000),
    answers: z.record(z.string().max(64), Answer),
  }),
  z.strictObject({
    kind: z.literal('video'),
    participants: z.array(z.string().trim().min(1).max(100)).min(2).max(10),
    startedAt: Instant,
    endedAt: Instant,
    recordingRef: z.string().trim().min(1).max(200),
    summary: z.string().trim().min(1).max(2000),
    answers: z.record(z.string().max(64), Answer),
  }),
  z.strictObject({
    kind: z.literal('waived'),
    summary: z.string().trim().max(2000).optional(),
  }),
]);
export type InvestigationRequest = z.output<typeof InvestigationRequestSchema>;

export interface InvestigationFlag {
  questionId: string;
  zh: string;
  en: string;
}

/**
 * The stored record (applications.investigation). Not null is what the approval gate needs; older
 * records (kind, investigators, date, summary) read the same, without answers.
 */
export const InvestigationRecordSchema = z.object({
  kind: z.enum(['field_visit', 'video', 'waived']),
  investigators: z.array(z.string()),
  date: z.string(),
  summary: z.string(),
  questionnaire: z.object({ id: z.string(), version: z.number().int() }).optional(),
  answers: z.record(z.string(), Answer).optional(),
  flags: z.array(z.object({ questionId: z.string(), zh: z.string(), en: z.string() })).optional(),
  video: z
    .object({ participants: z.array(z.string()), startedAt: z.string(), endedAt: z.string(), recordingRef: z.string() })
    .optional(),
  waiver: z.object({ ruleId: z.string(), zh: z.string(), en: z.string() }).optional(),
  recordedBy: z.string().optional(),
  recordedAt: z.string().optional(),
});
export type InvestigationRecord = z.output<typeof InvestigationRecordSchema>;

/** A problem with the answers: the question and what is wrong, or null when they fit the questionnaire. */
export function checkAnswers(
  qn: Questionnaire,
  answers: Readonly<Record<string, unknown>>,
): { field: string; reason: string } | null {
  const questions = new Map(qn.sections.flatMap((s) => s.questions.map((x) => [x.id, x] as const)));
  for (const key of Object.keys(answers)) {
    if (!questions.has(key)) return { field: `answers.${key}`, reason: `not a question of ${qn.id} v${qn.version}` };
  }
  for (const x of questions.values()) {
    const a = answers[x.id];
    if (a === undefined || a === '') {
      if (x.required) return { field: `answers.${x.id}`, reason: 'required' };
      continue;
    }
    const ok =
      x.type === 'yes_no'
        ? typeof a === 'boolean'
        : x.type === 'number'
          ? typeof a === 'number' && Number.isFinite(a) && a >= 0
          : x.type === 'choice'
            ? typeof a === 'string' && (x.options ?? []).some((o) => o.value === a)
            : typeof a === 'string';
    if (!ok) {
      const want =
        x.type === 'choice' ? `one of ${(x.options ?? []).map((o) => o.value).join(', ')}` : `a ${x.type} answer`;
      return { field: `answers.${x.id}`, reason: `expected ${want}` };
    }
  }
  return null;
}

/** The answers that raise a flag, with the question's text in both languages. */
export function flagsOf(qn: Questionnaire, answers: Readonly<Record<string, unknown>>): InvestigationFlag[] {
  const flags: InvestigationFlag[] = [];
  for (const x of qn.sections.flatMap((s) => s.questions)) {
    const a = answers[x.id];
    const f = x.flagWhen;
    if (!f || a === undefined) continue;
    const hit =
      (f.equals !== undefined && a === f.equals) ||
      (f.oneOf !== undefined && typeof a === 'string' && f.oneOf.includes(a)) ||
      (f.below !== undefined && typeof a === 'number' && a < f.below);
    if (hit) flags.push({ questionId: x.id, zh: x.text.zh, en: x.text.en });
  }
  return flags;
}

/** Everyone who took part in a case's investigation (investigated_by and the record's investigators). */
export function investigatorsOf(c: { investigation: unknown; investigatedBy: string | null }): string[] {
  const inv = c.investigation as { investigators?: unknown } | null;
  const list = Array.isArray(inv?.investigators) ? inv.investigators.map(String) : [];
  return [...new Set([...(c.investigatedBy ? [c.investigatedBy] : []), ...list])];
}

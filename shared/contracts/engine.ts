/**
 * The template engine: checks a template against the variable catalogue, resolves the variables of
 * one contract with their provenance, and turns the template's clauses into numbered articles.
 */
import type { LoanType } from '../credit/loan-types.js';
import { DomainError } from '../errors.js';
import { CIVIL_CODE_ARTICLE_COUNT, CIVIL_CODE_ARTICLES, citedArticles } from './civil-code.js';
import { CLAUSES, type Clause, type Paragraph } from './clauses.js';
import type { ContractData } from './data.js';
import {
  type ContractKind,
  type ContractTemplate,
  type PartyRole,
  TEMPLATES,
  type TemplateArticle,
} from './templates.js';
import { isKnownVariable, VARIABLES } from './variables.js';

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

export interface ResolvedVariable {
  name: string;
  label: string;
  labelEn: string;
  value: string;
  /** Where the value came from, e.g. 'approval.annualRate'. */
  source: string;
}

export interface Article {
  /** 第一条, 第二条 … */
  number: string;
  title: string;
  paragraphs: { text: string; style: 'body' | 'notice' }[];
}

export interface Party {
  role: PartyRole;
  label: string;
  name: string;
  /** What is printed under the name: USCC, legal representative, address or ID number. */
  lines: string[];
}

export interface Signer {
  role: PartyRole;
  label: string;
  name: string;
  identifier: string;
  identifierKind: 'uscc' | 'resident-id' | 'bank';
  /** An enterprise signer's legal representative (or the bank's principal), when known. */
  legalRep?: string;
}

function paragraphText(p: Paragraph): string {
  return typeof p === 'string' ? p : p.text;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

function clauseOf(id: string) {
  const clause = CLAUSES[id];
  if (!clause) {
    throw new DomainError(
      'CONTRACT_TEMPLATE_UNKNOWN_CLAUSE',
      `合同模板引用了不存在的条款 ${id}。 Unknown clause ${id}.`,
    );
  }
  return clause;
}

function textsOf(t: ContractTemplate, articles: readonly TemplateArticle[]): string[] {
  const out = [t.title, t.preamble];
  for (const a of articles) {
    const c = clauseOf(a.clause);
    out.push(c.title, ...c.paragraphs.map(paragraphText));
  }
  return out;
}

/**
 * Refuses a clause whose article references do not hold: an article it cites (《中华人民共和国民法典》第N条)
 * that the code does not have or that is not in the list of citable articles (civil-code.ts), or a
 * declared reference its text does not cite (and the reverse) — naming the clause and the article.
 */
export function validateClause(id: string, c: Clause): void {
  const cited = [...new Set(c.paragraphs.flatMap((p) => citedArticles(paragraphText(p))))];
  const declared = [...new Set(c.refs ?? [])];
  const bad = [...new Set([...cited, ...declared])].filter(
    (n) => !Number.isInteger(n) || n < 1 || n > CIVIL_CODE_ARTICLE_COUNT || !Object.hasOwn(CIVIL_CODE_ARTICLES, n),
  );
  if (bad.length > 0) {
    throw new DomainError(
      'CONTRACT_CLAUSE_UNKNOWN_ARTICLE',
      `条款 ${id} 引用了不存在或未收录的《民法典》条文：${bad.map((n) => `第${n}条`).join('、')}。 ` +
        `Clause ${id} cites articles of the Civil Code that do not exist or are not in the list: ${bad.join(', ')}.`,
      'clause',
      { clause: id, articles: bad },
    );
  }
  const mismatch = [...cited.filter((n) => !declared.includes(n)), ...declared.filter((n) => !cited.includes(n))];
  if (mismatch.length > 0) {
    throw new DomainError(
      'CONTRACT_CLAUSE_ARTICLE_MISMATCH',
      `条款 ${id} 的条文引用与正文不一致：${mismatch.map((n) => `第${n}条`).join('、')}。 ` +
        `Clause ${id}: its declared article references and its text disagree on ${mismatch.join(', ')}.`,
      'clause',
      { clause: id, articles: mismatch },
    );
  }
}

/** The 民法典 articles a clause cites, in the order it declares them. */
export function clauseArticles(id: string): readonly number[] {
  return clauseOf(id).refs ?? [];
}

/**
 * Refuses a template that uses or declares a variable the catalogue does not know, or uses one it
 * did not declare, or whose clauses cite an article that does not exist — before any contract is
 * generated from it.
 */
export function validateTemplate(t: ContractTemplate): void {
  for (const a of t.articles) validateClause(a.clause, clauseOf(a.clause));
  const used = new Set(textsOf(t, t.articles).flatMap(placeholders));
  const declared = new Set(t.variables);
  const unknown = [...new Set([...used, ...declared])].filter((v) => !isKnownVariable(v));
  const undeclared = [...used].filter((v) => isKnownVariable(v) && !declared.has(v));
  const bad = [...unknown, ...undeclared];
  if (bad.length > 0) {
    throw new DomainError(
      'CONTRACT_TEMPLATE_UNKNOWN_VARIABLE',
      `合同模板 ${t.id} v${t.version} 含有未定义的变量：${bad.join('、')}，请联系模板管理员。 ` +
        `Template ${t.id} v${t.version} uses unknown or undeclared variables: ${bad.join(', ')}.`,
      'template',
      { variables: bad },
    );
  }
}

/** Printed outside the clauses — the parties at the head and the key-facts box — so listed too. */
const PARTY_VARIABLES: Record<PartyRole, string[]> = {
  bank: ['bank.name', 'bank.address'],
  borrower: ['borrower.name', 'borrower.uscc', 'borrower.legalRep', 'borrower.address'],
  guarantor: ['guarantors.list'],
  mortgagor: ['collateral.ownerName', 'collateral.ownerIdNumber'],
};
const KEY_FACT_VARIABLES = [
  'contract.id',
  'loan.amount',
  'loan.amountInCapitals',
  'loan.termMonths',
  'loan.startDate',
  'loan.endDate',
  'rate.lprTenor',
  'rate.lpr',
  'rate.spread',
  'rate.annual',
];
const LOAN_FACT_VARIABLES = ['rate.aprNominal', 'rate.aprEffective', 'repayment.method', 'repayment.periods'];

/** What edition 2 prints at the head besides: an enterprise guarantor's legal representative, the mortgagor's address. */
const PARTY_VARIABLES_2: Partial<Record<PartyRole, string[]>> = {
  guarantor: ['guarantors.legalReps'],
  mortgagor: ['collateral.ownerAddress'],
};

function printedOutsideClauses(t: ContractTemplate): string[] {
  return [
    ...t.parties.flatMap((p) => [
      ...PARTY_VARIABLES[p.role],
      ...(t.edition === 2 ? (PARTY_VARIABLES_2[p.role] ?? []) : []),
    ]),
    ...KEY_FACT_VARIABLES,
    ...(t.kind === 'loan' ? LOAN_FACT_VARIABLES : []),
  ];
}

function included(t: ContractTemplate, d: ContractData): TemplateArticle[] {
  return t.articles.filter(
    (a) => !a.when || (a.when === 'guarantors' ? d.guarantors.length > 0 : d.collateral !== undefined),
  );
}

/**
 * Every variable the contract will print, with its value and source. Refuses the contract when the
 * data lacks any of them, naming each in the officer's terms.
 */
export function resolveVariables(t: ContractTemplate, d: ContractData): ResolvedVariable[] {
  validateTemplate(t);
  const used = [...new Set([...printedOutsideClauses(t), ...textsOf(t, included(t, d)).flatMap(placeholders)])];
  const out: ResolvedVariable[] = [];
  const missing: string[] = [];
  for (const name of used) {
    if (!isKnownVariable(name)) continue;
    if (name === 'guarantors.list' && d.guarantors.length === 0 && t.kind !== 'guarantee') continue;
    const def = VARIABLES[name];
    const value = def.get(d);
    if (value === undefined || value.trim() === '') missing.push(name);
    else out.push({ name, label: def.label, labelEn: def.labelEn, value, source: def.source });
  }
  if (t.kind === 'guarantee' && d.guarantors.length === 0) missing.push('guarantors.names');
  if (t.kind === 'mortgage' && !d.collateral) missing.push('collateral.description');
  if (missing.length > 0) {
    const uniq = [...new Set(missing)];
    const zh = uniq.map((n) => (isKnownVariable(n) ? VARIABLES[n].label : n)).join('、');
    const en = uniq.map((n) => (isKnownVariable(n) ? `${VARIABLES[n].labelEn} (${n})` : n)).join(', ');
    throw new DomainError(
      'CONTRACT_VARIABLE_MISSING',
      `生成${t.title}缺少以下信息：${zh}，请在审批结果中补全后重试。 Missing for ${t.titleEn}: ${en}.`,
      uniq[0],
      { variables: uniq },
    );
  }
  return out;
}

function fill(text: string, values: Map<string, string>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => values.get(name) ?? '');
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (articles never exceed 99). */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

export interface FilledTemplate {
  documentId: string;
  title: string;
  preamble: string;
  articles: Article[];
  variables: ResolvedVariable[];
}

/** The document ID: the contract ID, with the template's suffix for guarantee and mortgage contracts. */
export function documentIdFor(t: ContractTemplate, d: ContractData): string {
  return t.documentSuffix ? `${d.contractId}-${t.documentSuffix}` : d.contractId;
}

/** Resolves the variables and fills the template's clauses, numbering the articles 第一条 …. */
export function fillTemplate(t: ContractTemplate, d: ContractData): FilledTemplate {
  const variables = resolveVariables(t, d);
  const values = new Map(variables.map((v) => [v.name, v.value]));
  const articles = included(t, d).map((a, i): Article => {
    const c = clauseOf(a.clause);
    return {
      number: `第${chineseNumber(i + 1)}条`,
      title: c.title,
      paragraphs: c.paragraphs.flatMap((p) =>
        fill(paragraphText(p), values)
          .split('\n')
          .map((text) => ({ text, style: typeof p === 'string' ? ('body' as const) : ('notice' as const) })),
      ),
    };
  });
  return { documentId: documentIdFor(t, d), title: t.title, preamble: fill(t.preamble, values), articles, variables };
}

/** The parties at the head of the contract, in the template's order. */
export function partiesOf(t: ContractTemplate, d: ContractData): Party[] {
  return t.parties.flatMap(({ role, label }): Party[] => {
    switch (role) {
      case 'bank':
        return [
          {
            role,
            label,
            name: d.bank.name,
            lines: [`住所：${d.bank.address}`, ...(d.bank.principal ? [`负责人：${d.bank.principal}`] : [])],
          },
        ];
      case 'borrower':
        return [
          {
            role,
            label,
            name: d.borrower.name,
            lines: [
              `统一社会信用代码：${d.borrower.uscc}`,
              `法定代表人：${d.borrower.legalRep}`,
              `住所：${d.borrower.address}`,
            ],
          },
        ];
      case 'guarantor':
        return d.guarantors.map((g, i) => ({
          role,
          label: d.guarantors.length > 1 ? `${label}${chineseNumber(i + 1)}` : label,
          name: g.name,
          lines:
            g.kind === 'enterprise'
              ? [
                  `统一社会信用代码：${g.idNumber}`,
                  ...(g.legalRep ? [`法定代表人：${g.legalRep}`] : []),
                  `住所：${g.address}`,
                ]
              : [`居民身份证号码：${g.idNumber}`, `住址：${g.address}`],
        }));
      case 'mortgagor': {
        const c = d.collateral;
        if (!c) return [];
        if (t.edition !== 2) return [{ role, label, name: c.ownerName, lines: [`证件号码：${c.ownerIdNumber}`] }];
        const firm = mortgagorKind(c) === 'uscc';
        const lines = firm
          ? [
              `统一社会信用代码：${c.ownerIdNumber}`,
              ...(c.ownerLegalRep ? [`法定代表人：${c.ownerLegalRep}`] : []),
              `住所：${c.ownerAddress ?? ''}`,
            ]
          : [`居民身份证号码：${c.ownerIdNumber}`, `住址：${c.ownerAddress ?? ''}`];
        return [{ role, label, name: c.ownerName, lines }];
      }
      default:
        return [];
    }
  });
}

function mortgagorKind(c: NonNullable<ContractData['collateral']>): 'uscc' | 'resident-id' {
  if (c.ownerKind) return c.ownerKind === 'enterprise' ? 'uscc' : 'resident-id';
  return USCC_LIKE.test(c.ownerIdNumber) ? 'uscc' : 'resident-id';
}

/** USCCs are public; a person's ID number keeps its first 6 and last 4 characters. */
export function maskIdentifier(id: string, kind: Signer['identifierKind']): string {
  if (kind !== 'resident-id') return id;
  return `${id.slice(0, 6)}${'*'.repeat(Math.max(0, id.length - 10))}${id.slice(-4)}`;
}

const USCC_LIKE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** Signers in signing order (bank first), with full identifiers; mask with maskIdentifier to export. */
export function signersOf(t: ContractTemplate, d: ContractData): Signer[] {
  return t.signers.flatMap(({ role, label }): Signer[] => {
    switch (role) {
      case 'bank':
        return [
          {
            role,
            label,
            name: d.bank.name,
            identifier: d.bank.name,
            identifierKind: 'bank',
            ...(d.bank.principal ? { legalRep: d.bank.principal } : {}),
          },
        ];
      case 'borrower':
        return [
          {
            role,
            label,
            name: d.borrower.name,
            identifier: d.borrower.uscc,
            identifierKind: 'uscc',
            legalRep: d.borrower.legalRep,
          },
        ];
      case 'guarantor':
        return d.guarantors.map((g, i) => ({
          role,
          label: d.guarantors.length > 1 ? `${label}${chineseNumber(i + 1)}` : label,
          name: g.name,
          identifier: g.idNumber,
          identifierKind: g.kind === 'enterprise' ? ('uscc' as const) : ('resident-id' as const),
          ...(g.kind === 'enterprise' && g.legalRep ? { legalRep: g.legalRep } : {}),
        }));
      case 'mortgagor': {
        const c = d.collateral;
        if (!c) return [];
        const kind = mortgagorKind(c);
        return [
          {
            role,
            label,
            name: c.ownerName,
            identifier: c.ownerIdNumber,
            identifierKind: kind,
            ...(kind === 'uscc' && c.ownerLegalRep ? { legalRep: c.ownerLegalRep } : {}),
          },
        ];
      }
      default:
        return [];
    }
  });
}

/** A template by ID, exactly at `version` when given, else the newest version in effect on `onDate`. */
export function getTemplate(id: string, version?: string, onDate?: string): ContractTemplate {
  const candidates = TEMPLATES.filter(
    (t) => t.id === id && (version ? t.version === version : !onDate || t.effectiveDate <= onDate),
  );
  const t = candidates.sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate))[0];
  if (!t) {
    throw new DomainError(
      'CONTRACT_TEMPLATE_NOT_FOUND',
      `找不到合同模板 ${id}${version ? ` v${version}` : ''}。 No contract template ${id}${version ? ` v${version}` : ''}.`,
      'templateId',
    );
  }
  return t;
}

/**
 * The newest template of a kind in effect on a date (what a new contract uses by default); a loan
 * contract's by its kind of loan (a 2026.1 loan template, from before loan types, is working capital).
 */
export function templateFor(
  kind: ContractKind,
  onDate: string,
  loanType: LoanType = 'working_capital',
): ContractTemplate {
  const t = TEMPLATES.filter(
    (x) =>
      x.kind === kind &&
      x.effectiveDate <= onDate &&
      (kind !== 'loan' || (x.loanType ?? 'working_capital') === loanType),
  ).sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate))[0];
  if (!t)
    throw new DomainError(
      'CONTRACT_TEMPLATE_NOT_FOUND',
      `没有生效的${kind}合同模板。 No ${kind} template in effect on ${onDate}.`,
    );
  return t;
}

/**
 * Refuses to contract a guaranteed product without its guarantor or a mortgage product without its
 * collateral (the data says how the product is secured: `security`).
 */
export function assertSecurity(d: ContractData): void {
  if (d.security === 'guarantee' && d.guarantors.length === 0) {
    throw new DomainError(
      'CONTRACT_GUARANTOR_MISSING',
      `“${d.productName}”为保证贷款，申请 ${d.applicationId} 没有保证人，不能签订合同；请先落实保证人。 ` +
        `${d.productCode} is a guaranteed loan and ${d.applicationId} has no guarantor: it cannot be contracted.`,
      'guarantors',
    );
  }
  if (d.security === 'mortgage' && !d.collateral) {
    throw new DomainError(
      'CONTRACT_COLLATERAL_MISSING',
      `“${d.productName}”为抵押贷款，申请 ${d.applicationId} 没有登记抵押物，不能签订合同；请先落实抵押物。 ` +
        `${d.productCode} is a mortgage loan and ${d.applicationId} has no collateral on file: it cannot be contracted.`,
      'collateral',
    );
  }
}

/**
 * The templates a case needs: the loan contract of its kind of loan, plus guarantee and mortgage
 * contracts when it has them; refuses a secured product without its security (assertSecurity).
 */
export function templatesForCase(d: ContractData, onDate: string): ContractTemplate[] {
  assertSecurity(d);
  return [
    templateFor('loan', onDate, d.loanType),
    ...(d.guarantors.length > 0 ? [templateFor('guarantee', onDate)] : []),
    ...(d.collateral ? [templateFor('mortgage', onDate)] : []),
  ];
}

/** Every clause of every published template checked when the library loads (bad input refused by name). */
export function validateLibrary(templates: readonly ContractTemplate[] = TEMPLATES): void {
  for (const t of templates) validateTemplate(t);
  for (const [id, c] of Object.entries(CLAUSES)) validateClause(id, c);
}

validateLibrary();

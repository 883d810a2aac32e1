/**
 * The clause library as a reviewer reads it: every template version with its clauses in order, their
 * text with the variables left as {{names}}, and the articles of the 民法典 each clause cites — and the
 * difference between two versions of a template, clause by clause. `npm run contracts -- templates
 * --print` prints libraryDocument(); tests pin each published version's text (templateText).
 */
import { CIVIL_CODE_ARTICLES } from './civil-code.js';
import { CLAUSES, type Paragraph } from './clauses.js';
import { chineseNumber } from './engine.js';
import { type ContractTemplate, TEMPLATES } from './templates.js';
import { VARIABLES } from './variables.js';

const CONDITION_WORDS = { guarantors: '（有保证人时）', collateral: '（有抵押物时）' } as const;

function text(p: Paragraph): string {
  return typeof p === 'string' ? p : `${p.text}【提示条款】`;
}

/** A template version's whole wording, in order: what a contract from it can say (variables unfilled). */
export function templateText(t: ContractTemplate): string {
  const lines = [`${t.title}（${t.id} v${t.version}）`, t.preamble];
  t.articles.forEach((a, i) => {
    const c = CLAUSES[a.clause]!;
    lines.push(`第${chineseNumber(i + 1)}条 ${c.title}${a.when ? CONDITION_WORDS[a.when] : ''} [${a.clause}]`);
    for (const p of c.paragraphs) lines.push(text(p));
  });
  return lines.join('\n');
}

export interface TemplateDiff {
  from: string;
  to: string;
  /** Clause ids in `to` and not in `from`, in `to`'s order. */
  added: string[];
  /** Clause ids in `from` and not in `to`. */
  removed: string[];
  /** Clauses replaced by a new version of the same clause: [old id, new id]. */
  replaced: [string, string][];
  preambleChanged: boolean;
}

const base = (id: string) => id.replace(/@\d+$/, '');

/** What changed from one template version to another (or between two templates), clause by clause. */
export function diffTemplates(from: ContractTemplate, to: ContractTemplate): TemplateDiff {
  const a = from.articles.map((x) => x.clause);
  const b = to.articles.map((x) => x.clause);
  const replaced: [string, string][] = [];
  for (const old of a) {
    if (b.includes(old)) continue;
    const next = b.find((id) => base(id) === base(old) && !a.includes(id));
    if (next) replaced.push([old, next]);
  }
  const replacedOld = new Set(replaced.map(([o]) => o));
  const replacedNew = new Set(replaced.map(([, n]) => n));
  return {
    from: `${from.id}@${from.version}`,
    to: `${to.id}@${to.version}`,
    added: b.filter((id) => !a.includes(id) && !replacedNew.has(id)),
    removed: a.filter((id) => !b.includes(id) && !replacedOld.has(id)),
    replaced,
    preambleChanged: from.preamble !== to.preamble,
  };
}

function articleRefs(id: string): string {
  const refs = CLAUSES[id]?.refs ?? [];
  return refs.length ? refs.map((n) => `《民法典》第${n}条（${CIVIL_CODE_ARTICLES[n]}）`).join('；') : '—';
}

/**
 * The library as one plain-text document for a legal reviewer: per template version (oldest first) its
 * parties, signers, the articles in order with each clause's id, conditions, text and 民法典 references;
 * what changed from the previous version of the same template; then the variables and the articles cited.
 */
export function libraryDocument(templates: readonly ContractTemplate[] = TEMPLATES): string {
  const out: string[] = ['合同条款库（供法律审查）', '='.repeat(24), ''];
  out.push('模板版本一经发布即冻结：修改条款须新增条款版本（@N）并发布新的模板版本，已生成的合同保留其原版本。', '');
  for (const t of templates) {
    out.push(`■ ${t.title}　${t.id} v${t.version}（${t.effectiveDate} 起签订的合同适用）`);
    out.push(`  英文名称：${t.titleEn}${t.loanType ? `；贷款种类：${t.loanType}` : ''}`);
    out.push(`  当事人：${t.parties.map((p) => `${p.label}（${p.role}）`).join('、')}`);
    out.push(`  签署方：${t.signers.map((p) => p.label).join('、')}`);
    const previous = templates
      .filter((x) => x.id === t.id && x.effectiveDate < t.effectiveDate)
      .sort((x, y) => y.effectiveDate.localeCompare(x.effectiveDate))[0];
    if (previous) {
      const d = diffTemplates(previous, t);
      out.push(`  与 v${previous.version} 相比：`);
      if (d.added.length) out.push(`    新增条款：${d.added.join('、')}`);
      if (d.replaced.length) out.push(`    修订条款：${d.replaced.map(([o, n]) => `${o} → ${n}`).join('、')}`);
      if (d.removed.length) out.push(`    删除条款：${d.removed.join('、')}`);
      if (d.preambleChanged) out.push('    鉴于条款已修改');
    }
    out.push('', `  鉴于：${t.preamble}`, '');
    t.articles.forEach((a, i) => {
      const c = CLAUSES[a.clause]!;
      out.push(`  第${chineseNumber(i + 1)}条　${c.title}${a.when ? CONDITION_WORDS[a.when] : ''}　[${a.clause}]`);
      for (const p of c.paragraphs) for (const line of text(p).split('\n')) out.push(`    ${line}`);
      out.push(`    法律依据：${articleRefs(a.clause)}`, '');
    });
    out.push('');
  }
  out.push('附：模板变量', '-'.repeat(12));
  for (const [name, v] of Object.entries(VARIABLES)) out.push(`  {{${name}}}　${v.label}（来源：${v.source}）`);
  out.push('', '附：引用的《中华人民共和国民法典》条文', '-'.repeat(12));
  for (const [n, subject] of Object.entries(CIVIL_CODE_ARTICLES)) out.push(`  第${n}条　${subject}`);
  return `${out.join('\n')}\n`;
}

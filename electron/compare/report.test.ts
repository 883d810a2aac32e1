/**
 * The comparison export end to end: a real bank API on a seeded sandbox bank (PGlite), the IPC
 * handler as the approver calls it (both transports' paths: bytes for browser mode, the save hook for
 * Electron), and the PDF checked with poppler — text as the API returned it, the differs marks, data
 * dates, page numbers, the embedded subset font, vector (not raster) charts. PDFs and page images go
 * to test-results/compare/ for review.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../bank-api/app';
import { seedSandbox } from '../../bank-api/seed/sandbox';
import type { Compare } from '../../shared/api/enterprises';
import { beijingDate } from '../../shared/calendar';
import { percentileText, ratiosWithoutBase, sourceLabel } from '../../shared/compare/format';
import { reasonText } from '../../shared/credit/describe';
import { en } from '../../shared/i18n/en';
import { zhCN } from '../../shared/i18n/zh-CN';
import type { IpcResponse, IpcResult } from '../../shared/ipc/contract';
import { industryName } from '../../shared/reference/industries';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/test-db';
import type { FileKind, HandlerContext } from '../ipc/context';
import { dispatch } from '../ipc/dispatch';
import { handlers } from '../ipc/handlers';
import { BankClient } from '../services/bank-client';
import { DEFAULT_PREFERENCES, MemoryTokenStore } from '../services/stores';
import { memoryWorkspaceStore } from '../services/workspace-store';
import { metricLabelOf, metricText, PAGE, renderCompareReport, tableColumn } from './report';

const TOOLS = ['pdftotext', 'pdffonts', 'pdfinfo', 'pdfimages', 'pdftoppm'];
const missingTools = TOOLS.filter((t) => spawnSync('which', [t]).status !== 0);
if (missingTools.length > 0) {
  console.warn(
    `compare report tests: poppler tools missing (${missingTools.join(', ')}), so the PDF checks are SKIPPED: install poppler-utils to run them`,
  );
}
const skip = missingTools.length > 0;

const ASOF = beijingDate(new Date());
const outDir = join(process.cwd(), 'test-results', 'compare');
const run = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
};
const flat = (s: string) => s.replace(/\s+/g, '');
/** A reason or rule code as the engine keeps it (SC_SALES_LOW, NL_COURT_ENFORCEMENT …): never printed. */
const RAW_CODE = /\b[A-Z]{2,}(?:_[A-Z0-9]+)+\b/;

const USER = { displayName: '王审批', username: 'approver1', branchName: '上海分行' };
type ExportResult = IpcResult<IpcResponse<'enterprises.compareExport'>>;

describe.skipIf(skip)('comparison export (PDF) from a real bank API', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let bank: BankClient;
  let ids: string[];
  let cmp: Compare;
  const saved: { name: string; bytes: Uint8Array; kind: FileKind }[] = [];
  let answer: string | null = '/chosen/by/user.pdf';
  const tokens = new MemoryTokenStore();
  const ctx = (over: Partial<HandlerContext> = {}): HandlerContext => ({
    bank,
    prefs: { get: () => DEFAULT_PREFERENCES, set: () => DEFAULT_PREFERENCES },
    tokens,
    workspace: memoryWorkspaceStore(),
    transport: 'web',
    version: 'test',
    ...over,
  });
  const electronCtx = () =>
    ctx({
      transport: 'electron',
      saveFile: async (name, bytes, kind) => {
        saved.push({ name, bytes, kind });
        return answer;
      },
    });
  const exportPdf = (req: Record<string, unknown>, c = ctx()) =>
    dispatch(handlers, 'enterprises.compareExport', req, c) as Promise<ExportResult>;
  const pdfOf = (r: ExportResult) => {
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return Buffer.from(r.value.pdfBase64!, 'base64');
  };
  const write = (name: string, bytes: Uint8Array) => {
    const p = join(outDir, name);
    writeFileSync(p, bytes);
    return p;
  };

  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    tdb = await createTestDatabase('pglite');
    await seedSandbox(tdb.db, { size: 'small', asOf: ASOF, counts: { enterprises: 400, loans: 400, applications: 0 } });
    app = await buildApp({ db: tdb.db, logLevel: 'silent' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    bank = new BankClient(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`);
    const login = await bank.request<{ token: string }>('POST', '/api/v1/auth/login', {
      body: { username: 'approver1', password: 'demo-pass' },
    });
    tokens.set(login.token);
    // An enterprise in approver1's branch and its three closest peers, as the screen picks them.
    const first = (
      await tdb.db.query<{ id: string }>("SELECT id FROM enterprises WHERE branch_id LIKE 'SH%' ORDER BY id LIMIT 1")
    ).rows[0]!.id;
    const peers = await dispatch(handlers, 'enterprises.peers', { id: first, limit: 3 }, ctx());
    if (!peers.ok) throw new Error(peers.error.message);
    ids = [first, ...(peers.value as { items: { id: string }[] }).items.map((p) => p.id)];
    const c = await dispatch(handlers, 'enterprises.compare', { ids }, ctx());
    if (!c.ok) throw new Error(c.error.message);
    cmp = c.value as Compare;
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  it('compares four enterprises, with at least one row flagged as differing (the data the test relies on)', () => {
    expect(cmp.enterprises).toHaveLength(4);
    expect(cmp.metrics.some((m) => m.differs)).toBe(true);
    expect(cmp.metrics.some((m) => !m.differs)).toBe(true);
  });

  it('browser mode: returns the PDF; poppler reads names, values with percentiles, marks, dates, pages, font', async () => {
    const t0 = performance.now();
    const r = await exportPdf({ ids, format: 'pdf', lang: 'zh-CN' });
    const ms = performance.now() - t0;
    const pdf = pdfOf(r);
    if (!r.ok) return;
    expect(r.value.savedTo).toBeNull();
    expect(r.value.fileName).toMatch(/^enterprise-comparison-\d{8}-\d{4}\.pdf$/);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const path = write('compare-zh.pdf', pdf);
    const t1 = performance.now();
    await renderCompareReport(cmp, { lang: 'zh-CN', generatedAt: new Date(), user: USER });
    console.log(
      `compare report (zh-CN, 4 enterprises): ${pdf.length} bytes, ${r.value.pageCount} page(s); ` +
        `export call ${ms.toFixed(0)} ms (first: font load, bank API), render again ${(performance.now() - t1).toFixed(0)} ms`,
    );

    const info = run('pdfinfo', [path]);
    expect(info.stderr).toBe('');
    expect(Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1])).toBe(r.value.pageCount);
    expect(r.value.pageCount).toBeGreaterThanOrEqual(1);
    expect(r.value.pageCount).toBeLessThanOrEqual(3);
    expect(info.stdout).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);

    const fonts = run('pdffonts', [path]);
    expect(fonts.stderr).toBe('');
    const fontRows = fonts.stdout.split('\n').slice(2).filter(Boolean);
    expect(fontRows).toHaveLength(1);
    expect(fontRows[0]).toMatch(/^[A-Z]{6}\+NotoSansHans-Regular\S*\s+CID Type 0C \(OT\)\s+Identity-H\s+yes yes yes/);

    // Charts are vector paths: the file holds no raster image at all.
    const images = run('pdfimages', ['-list', path]);
    expect(images.stdout.split('\n').slice(2).filter(Boolean)).toEqual([]);

    const text = run('pdftotext', ['-layout', path, '-']);
    expect(text.stderr).toBe('');
    const all = flat(text.stdout);
    const lines = text.stdout.split('\n');
    const L = zhCN.compare;
    expect(all).toContain(flat(L.report.title));
    expect(all).toContain('王审批（approver1，上海分行）');
    // Each metric row on one line: its label, then every enterprise's value and percentile in order;
    // "差异显著" on exactly the rows the bank API flags.
    const inOrder = (line: string | undefined, label: string, parts: string[], what: string) => {
      expect(line, what).toBeDefined();
      let at = line!.indexOf(label) + label.length;
      for (const part of parts) {
        const i = line!.indexOf(part, at);
        expect(i, `${what}: "${part}" in "${line}"`).toBeGreaterThanOrEqual(at);
        at = i + part.length;
      }
    };
    const lineOf = (label: string) => lines.find((l) => l.trimStart().startsWith(label));
    const shown = (m: Compare['metrics'][number], i: number) =>
      `${metricText(m, m.values[i]!.value, 'zh-CN')} ${percentileText(m.values[i]!.percentile)}`.trim();
    for (const m of cmp.metrics) {
      const label = metricLabelOf(m.key, 'zh-CN');
      const line = lineOf(label);
      inOrder(
        line,
        label,
        m.values.map((_, i) => shown(m, i)),
        `row ${m.key}`,
      );
      expect(line!.includes(L.differs), `${m.key} differs=${m.differs}`).toBe(m.differs);
    }
    // The data date of every source, one aligned row each.
    for (const k of Object.keys(cmp.enterprises[0]!.dataDates)) {
      const label = `${L.dataDates} · ${sourceLabel(k, L)}`;
      inOrder(
        lineOf(label),
        label,
        cmp.enterprises.map((e) => e.dataDates[k]!),
        `data date ${k}`,
      );
    }
    // Read as people read it: the industry by name with its code, amounts in 元, months in 个月, the
    // reasons in words — no raw reason code anywhere, no engine encoding of a figure.
    const industry = cmp.metrics.find((m) => m.key === 'industryCode')!;
    expect(lineOf(zhCN.compareDesk.industry)).toBeDefined();
    for (const e of cmp.enterprises) {
      const name = industryName(e.industryCode, 'zh');
      expect(name, `industry ${e.industryCode} has a name`).toBeTruthy();
      expect(all).toContain(flat(`${name}（${e.industryCode}）`));
    }
    expect(industry.values.every((v) => v.value !== null)).toBe(true);
    expect(flat(lineOf('近 12 个月销售额') ?? '')).toMatch(/\d元P\d/);
    expect(flat(lineOf('经营月数') ?? '')).toMatch(/\d个月P\d/);
    expect(text.stdout).not.toMatch(RAW_CODE);
    for (const e of cmp.enterprises)
      for (const rc of e.score.reasonCodes) expect(text.stdout, rc.code).not.toContain(rc.code);
    expect(text.stdout).not.toMatch(/enforcement=|\d+y\d+m|999\.99%/);
    // Each enterprise's column, cropped, reads top to bottom: name, USCC, its value of every metric,
    // its reasons in words (wrapped within the column), its data dates.
    cmp.enterprises.forEach((e, i) => {
      const col = tableColumn(i, cmp.enterprises.length);
      const crop = run('pdftotext', [
        ...['-x', String(Math.floor(col.x)), '-y', '0', '-W', String(Math.floor(col.width)), '-H', '596'],
        path,
        '-',
      ]);
      const text = flat(crop.stdout);
      const parts = [
        e.name,
        e.uscc,
        ...cmp.metrics.map((m) => shown(m, i)),
        ...e.score.reasonCodes.map((rc) =>
          reasonText({ code: rc.code, text: { zh: rc.zh, en: rc.en } }, 'zh', ratiosWithoutBase(cmp, i)),
        ),
      ].map(flat);
      let at = 0;
      for (const part of parts) {
        const k = text.indexOf(part, at);
        expect(k, `column ${i}: "${part}"`).toBeGreaterThanOrEqual(at);
        at = k + part.length;
      }
      const rest = text.slice(at);
      const source = (zhCN.compareDesk.sourceNames as Record<string, string>)[e.source] ?? e.source;
      for (const d of [...Object.values(e.dataDates), source]) expect(rest, `column ${i}`).toContain(flat(d));
      expect(all).toContain(flat(e.name));
    });
    // Exactly as the API returned them, for a few rows.
    const row = (key: string) => cmp.metrics.find((m) => m.key === key)!;
    for (const v of row('score').values) expect(all).toContain(`${v.value}P${v.percentile}`);
    for (const v of row('annualSales').values) expect(all).toContain(v.value!.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
    expect(all).toContain(`第1页共${r.value.pageCount}页`);
    expect(all).toContain(flat(L.trends));
    const months = cmp.enterprises[0]!.series.map((m) => m.month);
    expect(all).toContain(months[0]);
    expect(all).toContain(months.at(-1));

    const png = run('pdftoppm', ['-png', '-r', '110', path, join(outDir, 'compare-zh')]);
    expect(png.status).toBe(0);
  });

  it('in English: English labels and page numbers, the same figures', async () => {
    const pdf = pdfOf(await exportPdf({ ids, format: 'pdf', lang: 'en' }));
    const path = write('compare-en.pdf', pdf);
    const text = run('pdftotext', ['-layout', path, '-']);
    expect(text.stderr).toBe('');
    const all = flat(text.stdout);
    expect(all).toContain(flat(en.compare.report.title));
    expect(all).toContain('Page1of');
    // The first enterprise's column, cropped (the reasons wrap within it), has its first reason in words.
    const col = tableColumn(0, cmp.enterprises.length);
    const column = run('pdftotext', [
      ...['-x', String(Math.floor(col.x)), '-y', '0', '-W', String(Math.floor(col.width)), '-H', '596'],
      path,
      '-',
    ]).stdout;
    const first = cmp.enterprises[0]!.score.reasonCodes[0]!;
    expect(flat(column)).toContain(
      flat(reasonText({ code: first.code, text: { zh: first.zh, en: first.en } }, 'en', ratiosWithoutBase(cmp, 0))),
    );
    expect(all).toContain(flat(en.compareDesk.industry));
    expect(all).toContain(flat(industryName(cmp.enterprises[0]!.industryCode, 'en') ?? '—'));
    expect(text.stdout).not.toMatch(RAW_CODE);
    for (const v of cmp.metrics.find((m) => m.key === 'score')!.values)
      expect(all).toContain(`${v.value}P${v.percentile}`);
    run('pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', path, join(outDir, 'compare-en')]);
  });

  it('two enterprises render too (wider columns), on A4 landscape', async () => {
    const r = await renderCompareReport(
      {
        enterprises: cmp.enterprises.slice(0, 2),
        metrics: cmp.metrics.map((m) => ({ ...m, values: m.values.slice(0, 2) })),
      },
      {
        lang: 'zh-CN',
        generatedAt: new Date('2026-05-01T02:30:00Z'),
        user: { displayName: '王审批', username: 'approver1', branchName: '上海分行' },
      },
    );
    const path = write('compare-two.pdf', r.pdf);
    const text = run('pdftotext', ['-layout', path, '-']).stdout;
    expect(flat(text)).toContain('生成时间：2026-05-0110:30（北京时间）');
    expect(PAGE.width).toBeGreaterThan(PAGE.height);
  });

  it('Electron: saves through the save hook as a PDF; a cancelled dialog writes nothing; `bytes` skips the dialog', async () => {
    saved.length = 0;
    answer = '/chosen/by/user.pdf';
    const r = await exportPdf({ ids, format: 'pdf' }, electronCtx());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ savedTo: '/chosen/by/user.pdf', pdfBase64: null });
    expect(saved).toHaveLength(1);
    expect(saved[0]!.kind).toEqual({ name: 'PDF', extensions: ['pdf'] });
    expect(saved[0]!.name).toBe(r.value.fileName);
    expect(Buffer.from(saved[0]!.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');

    answer = null;
    const cancelled = await exportPdf({ ids, format: 'pdf' }, electronCtx());
    expect(cancelled.ok && cancelled.value).toMatchObject({ savedTo: null, pdfBase64: null });

    saved.length = 0;
    const bytes = await exportPdf({ ids, format: 'pdf', deliver: 'bytes' }, electronCtx());
    expect(pdfOf(bytes).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(saved).toHaveLength(0);
  });

  it('refuses 1 or 5 enterprises (and a repeated one) with a clear message, saving nothing', async () => {
    saved.length = 0;
    answer = '/should/not/happen.pdf';
    const five = (
      await tdb.db.query<{ id: string }>("SELECT id FROM enterprises WHERE branch_id LIKE 'SH%' ORDER BY id LIMIT 5")
    ).rows.map((x) => x.id);
    const one = await exportPdf({ ids: five.slice(0, 1), format: 'pdf' }, electronCtx());
    expect(one).toMatchObject({ ok: false, error: { code: 'ipc.invalid_request', field: 'ids', status: 400 } });
    expect(!one.ok && one.error.message).toMatch(/compare at least 2 different enterprises/);
    const many = await exportPdf({ ids: five, format: 'pdf' }, electronCtx());
    expect(many).toMatchObject({ ok: false, error: { code: 'ipc.invalid_request', field: 'ids' } });
    expect(!many.ok && many.error.message).toMatch(/compare at most 4 enterprises/);
    // Two ids that are one enterprise: the bank API's own check answers.
    const same = await exportPdf({ ids: [five[0], five[0]], format: 'pdf' }, electronCtx());
    expect(same).toMatchObject({ ok: false, error: { status: 400 } });
    expect(!same.ok && same.error.message).toMatch(/at least 2/);
    // Another branch's customer: the bank API's scope, not found.
    const hz = (
      await tdb.db.query<{ id: string }>("SELECT id FROM enterprises WHERE branch_id LIKE 'HZ%' ORDER BY id LIMIT 1")
    ).rows[0]!.id;
    const foreign = await exportPdf({ ids: [five[0], hz], format: 'pdf' }, electronCtx());
    expect(foreign).toMatchObject({ ok: false, error: { status: 404 } });
    expect(await exportPdf({ ids: five.slice(0, 2), format: 'png' }, electronCtx())).toMatchObject({ ok: false });
    expect(saved).toHaveLength(0);
  });
});

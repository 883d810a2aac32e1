import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { contractFontPrepared, contractFontUse, prepareContractFont } from '../electron/contracts/contract-font.js';
import { currentContractFixture } from '../electron/contracts/fixtures.js';
import {
  createTestSealP12,
  generateSignedPackage,
  loadP12,
  type SealCredentials,
  type StageTimes,
} from '../electron/contracts/index.js';
import { SCHEDULE_COLUMNS } from '../electron/contracts/layout.js';
import { contractModel } from '../electron/contracts/render.js';
import { clearSubsetCache, fontFilePath } from '../node-shared/pdf-font';
import { type ContractData, parseContractData, WORKING_CAPITAL_LOAN_V2026_2 } from '../shared/contracts/index.js';
import type { BenchFigure, BenchModule } from './run.js';
import { ms, percentile } from './stats.js';

/**
 * Contracts (SPEC §6, issue 18): one complete signed contract — the 2026.2 working-capital loan contract
 * (the longest template) with a 36-row schedule: rendered with its subset font, sealed (PAdES), packaged
 * — against LibreOffice converting the same contract from .docx, measured in the same run.
 *
 * Like with like: the .docx is built (with `docx`) from the very text the PDF draws (render.ts's
 * contractModel: title, number, parties, key facts, articles, signature blocks, schedule appendix with its
 * summary and totals, the running head and foot with 第 N 页 共 M 页) in the same font (Noto Sans SC, found
 * through a private fontconfig file); LibreOffice's PDF is unsigned, ours is signed and packaged.
 *
 * LibreOffice is measured two ways. *Fresh*: a new `soffice --headless --convert-to pdf` process per
 * document, as a converter service shelling out to LibreOffice per contract runs it (its profile and
 * font cache already made by a first, uncounted run). The 20× goal is judged against this one: issue 18's
 * goal (36 ms against 51 ms) is 1/20 of the 0.73 s a fresh process took per contract when it was set
 * (shared NOTES.md). *Warm*: a running soffice's share per document (one process converting 1 document,
 * then one converting 1 + WARM_EXTRA; the difference over WARM_EXTRA) — what a batch server keeping
 * LibreOffice running would spend; reported with its ratio, not the goal's reference.
 *
 * Ours runs in a warm process with the contract font's working base prepared (once per process; its cost
 * is reported); the same pipeline without the base (the desktop app's first contracts) is reported too.
 * The machine is shared: our samples and the fresh LibreOffice conversions are interleaved, round by
 * round, so both see the same load; medians, min–max and CPU time (less sensitive to load) are printed.
 * LibreOffice missing: installed with apt-get when root, else the reference is skipped, saying why.
 */
const ROUNDS = 5;
const PER_ROUND = 8;
const UNPREPARED_RUNS = 8;
const BATCH = 30;
const WARM_EXTRA = 6;
const WARM_REPEATS = 3;

const FONT = { eastAsia: 'Noto Sans Hans', ascii: 'Noto Sans Hans', hAnsi: 'Noto Sans Hans' };

/** The same contract as a .docx: the text render.ts draws, in the same order and font. */
function docxFor(d: ContractData): Promise<Buffer> {
  const t = WORKING_CAPITAL_LOAN_V2026_2;
  const m = contractModel(d, t);
  const run = (text: string, o: { size?: number; bold?: boolean; color?: string } = {}) =>
    new TextRun({ text, size: o.size ?? 21, bold: o.bold, color: o.color, font: FONT });
  const p = (
    text: string,
    o: { size?: number; bold?: boolean; center?: boolean; right?: boolean; indent?: boolean; color?: string } = {},
  ) =>
    new Paragraph({
      alignment: o.center ? AlignmentType.CENTER : o.right ? AlignmentType.RIGHT : AlignmentType.JUSTIFIED,
      indent: o.indent ? { firstLine: 420 } : undefined,
      spacing: { line: 360 },
      children: [run(text, o)],
    });
  const border = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
  const borders = {
    top: border,
    bottom: border,
    left: border,
    right: border,
    insideHorizontal: border,
    insideVertical: border,
  };
  const cell = (text: string, o: { size?: number; width?: number; shade?: boolean; right?: boolean } = {}) =>
    new TableCell({
      children: [p(text, { size: o.size ?? 18, right: o.right })],
      width: { size: o.width ?? 1500, type: WidthType.DXA },
      shading: o.shade ? { type: ShadingType.CLEAR, fill: 'EDEDF2', color: 'auto' } : undefined,
    });
  const facts = new Table({
    borders,
    rows: m.facts.map(
      ([label, value]) =>
        new TableRow({
          children: [cell(label, { size: 20, width: 2100, shade: true }), cell(value, { size: 20, width: 7000 })],
        }),
    ),
  });
  const a = m.appendix!;
  const schedule = new Table({
    borders,
    rows: [
      new TableRow({ tableHeader: true, children: SCHEDULE_COLUMNS.map((c) => cell(c, { shade: true })) }),
      ...[...a.rows, a.totals].map((r) => new TableRow({ children: r.map((v, i) => cell(v, { right: i >= 2 })) })),
    ],
  });
  const notice = (text: string) =>
    new Paragraph({
      spacing: { line: 360 },
      border: { top: border, bottom: border, left: border, right: border },
      shading: { type: ShadingType.CLEAR, fill: 'FFF2F0', color: 'auto' },
      children: [run(text, { color: 'B8171A' })],
    });
  const header = new Header({
    children: [new Paragraph({ children: [run(`${d.bank.name}　　${t.title}`, { size: 17, color: 'B8171A' })] })],
  });
  const footer = new Footer({
    children: [
      new Paragraph({
        children: [
          run(`${m.footerLeft}　　`, { size: 15, color: '6B6B73' }),
          new TextRun({
            children: ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'],
            size: 16,
            font: FONT,
          }),
        ],
      }),
    ],
  });
  const doc = new Document({
    sections: [
      {
        headers: { default: header },
        footers: { default: footer },
        children: [
          p(t.title, { size: 42, bold: true, center: true }),
          p(`合同编号：${m.filled.documentId}`, { size: 20, right: true, color: '6B6B73' }),
          ...m.parties.flatMap((x) => [
            p(`${x.label}：${x.name}`, { size: 22 }),
            ...x.lines.map((l) => p(l, { size: 19, color: '6B6B73' })),
          ]),
          facts,
          p(m.filled.preamble, { indent: true }),
          ...m.filled.articles.flatMap((art) => [
            p(`${art.number}　${art.title}`, { size: 23 }),
            ...art.paragraphs.map((x) => (x.style === 'notice' ? notice(x.text) : p(x.text, { indent: true }))),
          ]),
          p('（以下无正文，为签署页）', { color: '6B6B73' }),
          ...m.signerTexts.flatMap(([l1, l2, l3, caption]) => [
            p(l1),
            p(caption, { size: 16, center: true, color: 'B3B3B8' }),
            p(l2, { size: 19, color: '6B6B73' }),
            p(l3, { size: 19, color: '6B6B73' }),
          ]),
          new Paragraph({ pageBreakBefore: true, children: [run(a.title, { size: 28 })] }),
          p(a.summary, { size: 19, color: '6B6B73' }),
          schedule,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** One signed contract; wall and CPU milliseconds, stage times added to `stages`. */
async function contract(
  data: ContractData,
  seal: SealCredentials,
  i: number,
  stages?: StageTimes,
): Promise<{ wall: number; cpu: number; bytes: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await generateSignedPackage({
    data: { ...data, contractId: `HT-BENCH-${i}` },
    template: WORKING_CAPITAL_LOAN_V2026_2,
    seal,
    stageTimes: stages,
  });
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000, bytes: r.package.zip.length };
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => percentile(sorted(xs), 50);
const spread = (xs: number[]) => `${ms(Math.min(...xs))}–${ms(Math.max(...xs))}`;
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function run(): Promise<BenchFigure[]> {
  const work = mkdtempSync(join(tmpdir(), 'contracts-bench-'));
  await createTestSealP12({
    path: join(work, 'seal.p12'),
    passphrase: 'bench',
    bankName: '示范银行股份有限公司上海浦东分行',
  });
  const seal = loadP12(join(work, 'seal.p12'), 'bench');
  const data = parseContractData(currentContractFixture({ termMonths: 36, guarantors: 1 }));
  const figures: BenchFigure[] = [
    { name: 'load average at the start (1, 5, 15 min; 2 cores shared)', value: loadavg() },
  ];
  let n = 0;

  // The pipeline as the desktop app runs it today: no working base, subsets cut from the full font.
  for (let i = 0; i < 2; i++) await contract(data, seal, n++);
  const unprepared: number[] = [];
  for (let i = 0; i < UNPREPARED_RUNS; i++) {
    clearSubsetCache(); // every contract pays for its subset (the cache would serve the same characters)
    unprepared.push((await contract(data, seal, n++)).wall);
  }

  const p0 = performance.now();
  await prepareContractFont(); // once per process
  const prepareMs = performance.now() - p0;
  for (let i = 0; i < 3; i++) await contract(data, seal, n++); // warm-up: JIT

  const soffice = ensureSoffice() ? lo(work, data, seal) : null;
  if (soffice) await soffice.setup();
  const usedBefore = contractFontUse();

  // Interleaved: PER_ROUND of ours, then one fresh soffice, ROUNDS times.
  const wall: number[] = [];
  const cpu: number[] = [];
  const stages: StageTimes = {};
  const fresh: Array<{ wall: number; cpu: number | null }> = [];
  let bytes = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < PER_ROUND; i++) {
      const x = await contract(data, seal, n++, stages);
      wall.push(x.wall);
      cpu.push(x.cpu);
      bytes = x.bytes;
    }
    if (soffice) fresh.push(soffice.fresh());
  }
  const used = contractFontUse();
  const oursMedian = median(wall);

  const t0 = performance.now();
  for (let i = 0; i < BATCH; i++) await contract(data, seal, n++);
  const perSecond = (BATCH * 1000) / (performance.now() - t0);

  figures.push(
    {
      name: `signed contract, 36-row schedule, working base prepared (median of ${wall.length}, min–max)`,
      value: ms(oursMedian),
      reference: spread(wall),
      target: '< 300 ms',
    },
    { name: 'signed contract (p95)', value: ms(percentile(sorted(wall), 95)), target: '< 300 ms' },
    {
      name: 'signed contract, CPU time (median)',
      value: ms(median(cpu)),
      reference: `zip ${(bytes / 1024).toFixed(0)} KiB`,
    },
    ...Object.entries(stages).map(([stage, total]) => ({
      name: `  stage — ${stage} (mean)`,
      value: ms(total / wall.length),
      reference: `${((100 * total) / wall.reduce((s, x) => s + x, 0)).toFixed(0)} %`,
    })),
    { name: `batch of ${BATCH} signed contracts`, value: `${perSecond.toFixed(1)} contracts/s` },
    {
      name: 'contract font working base, once per process',
      value: ms(prepareMs),
      reference: `${contractFontPrepared() ? 'prepared' : 'not prepared'}; timed contracts from the base: ${used.base - usedBefore.base}, from the full font: ${used.full - usedBefore.full}`,
    },
    {
      name: `signed contract without the working base (full font; median of ${UNPREPARED_RUNS}, min–max)`,
      value: ms(median(unprepared)),
      reference: spread(unprepared),
    },
  );
  if (!soffice) return figures;

  const freshWall = fresh.map((f) => f.wall);
  const freshMedian = median(freshWall);
  const freshCpu = fresh.map((f) => f.cpu).filter((c): c is number => c !== null);
  figures.push(
    {
      name: `same contract: .docx → PDF, fresh soffice process per document (median of ${fresh.length}, min–max; unsigned)`,
      value: ms(freshMedian),
      reference: `${spread(freshWall)}; ${soffice.pdfKiB()} KiB PDF, ${soffice.pages()} pages (ours ${soffice.ourPages})`,
    },
    {
      name: 'speed-up over a fresh LibreOffice (the goal)',
      value: `${(freshMedian / oursMedian).toFixed(1)}×`,
      reference: `${ms(freshMedian)} vs ${ms(oursMedian)}, medians of the same rounds`,
      ratio: (freshMedian / oursMedian).toFixed(1),
      target: '≥ 20×',
    },
  );
  if (freshCpu.length > 0) {
    figures.push({
      name: 'CPU time per document: fresh soffice vs ours (less sensitive to load)',
      value: `${(median(freshCpu) / median(cpu)).toFixed(1)}×`,
      reference: `${ms(median(freshCpu))} vs ${ms(median(cpu))}`,
    });
  }

  const warm: number[] = [];
  for (let r = 0; r < WARM_REPEATS; r++) warm.push(soffice.warm());
  const warmMs = median(warm);
  figures.push(
    {
      name: `same contract: .docx → PDF in a running soffice (per document; ${WARM_EXTRA} extra documents in one process, ${WARM_REPEATS} repeats)`,
      value: ms(warmMs),
      reference: warm.map(ms).join(', '),
    },
    {
      name: 'speed-up over a warm LibreOffice (reported; not the goal)',
      value: `${(warmMs / oursMedian).toFixed(1)}×`,
      reference: `${ms(warmMs)} vs ${ms(oursMedian)}`,
      ratio: (warmMs / oursMedian).toFixed(1),
    },
    { name: 'load average at the end', value: loadavg() },
  );
  return figures;
}

/** LibreOffice converting the contract's .docx: fresh process per document, and warm (a batch in one process). */
function lo(work: string, data: ContractData, seal: SealCredentials) {
  const docxPath = join(work, 'contract.docx');
  // Let LibreOffice find the same Noto Sans SC through a private fontconfig file; a private profile too.
  const fontsConf = join(work, 'fonts.conf');
  const env = { ...process.env, FONTCONFIG_FILE: fontsConf };
  const timeFile = join(work, 'time.txt');
  const haveTime = existsSync('/usr/bin/time');
  const convert = (files: string[]): { wall: number; cpu: number | null } => {
    const args = [
      `-env:UserInstallation=file://${join(work, 'lo-profile')}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      join(work, 'out'),
      ...files,
    ];
    const t0 = performance.now();
    // /usr/bin/time adds a fork and exec (about a millisecond) and gives the CPU time of soffice and its children.
    const r = haveTime
      ? spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, 'soffice', ...args], { env, encoding: 'utf8' })
      : spawnSync('soffice', args, { env, encoding: 'utf8' });
    const wall = performance.now() - t0;
    if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr}`);
    if (!haveTime) return { wall, cpu: null };
    const [u = 0, s = 0] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    return { wall, cpu: (u + s) * 1000 };
  };
  const copies = Array.from({ length: WARM_EXTRA + 1 }, (_, i) => join(work, `contract-${i}.docx`));
  let ourPages = 0;
  const pdfInfo = () => spawnSync('pdfinfo', [join(work, 'out', 'contract.pdf')], { encoding: 'utf8' }).stdout ?? '';
  return {
    get ourPages() {
      return ourPages;
    },
    async setup() {
      const docx = await docxFor(data);
      writeFileSync(docxPath, docx);
      for (const c of copies) writeFileSync(c, docx);
      writeFileSync(
        fontsConf,
        `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>${dirname(fontFilePath())}</dir><cachedir>${join(work, 'fc-cache')}</cachedir></fontconfig>\n`,
      );
      convert([docxPath]); // the first start creates the profile and the font cache: not counted
      const ours = await generateSignedPackage({ data, template: WORKING_CAPITAL_LOAN_V2026_2, seal });
      ourPages = ours.rendered.pageCount;
    },
    fresh: () => convert([docxPath]),
    warm(): number {
      const one = convert(copies.slice(0, 1)).wall;
      const many = convert(copies).wall;
      return Math.max(0, (many - one) / WARM_EXTRA);
    },
    pdfKiB: () => (readFileSync(join(work, 'out', 'contract.pdf')).length / 1024).toFixed(0),
    pages: () => /Pages:\s+(\d+)/.exec(pdfInfo())?.[1] ?? '?',
  };
}

/** soffice on PATH, installing libreoffice-writer-nogui with apt-get when missing and allowed; else says why not. */
function ensureSoffice(): boolean {
  if (spawnSync('which', ['soffice']).status === 0) return true;
  const root = process.getuid?.() === 0;
  if (root && spawnSync('which', ['apt-get']).status === 0 && process.env.BENCH_NO_INSTALL !== '1') {
    console.log(
      '  soffice (LibreOffice) not found: installing libreoffice-writer-nogui with apt-get for the reference…',
    );
    const r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'libreoffice-writer-nogui'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      encoding: 'utf8',
    });
    if (r.status === 0 && spawnSync('which', ['soffice']).status === 0) return true;
    console.log(`  apt-get could not install it (${(r.stderr || r.stdout).trim().split('\n').pop()}).`);
  }
  console.log(
    `  soffice (LibreOffice) not found${root ? '' : ' and not root to install it'}: skipping the .docx → PDF reference. Install: apt-get install -y --no-install-recommends libreoffice-writer-nogui`,
  );
  return false;
}

export default { title: 'Contracts: signed PDF vs LibreOffice', run } satisfies BenchModule;

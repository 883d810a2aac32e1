/**
 * The shared PDF engine on its own: shared/pdf/ is free of Node and of every app layer; the contracts,
 * the comparison report and the bank API's credit memo all use it (with the font of
 * node-shared/pdf-font.ts) and never import one another; a table across pages keeps every row whole
 * and repeats its head; stamped pages know the count; aligned text lands where asked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, rgb } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { stampPages } from '../shared/pdf/document';
import { PageFlow } from '../shared/pdf/page-flow';
import { columnEdges, drawTable } from '../shared/pdf/table';
import { embedSubsetFont } from './pdf-font';

const INK = rgb(0, 0, 0);
const root = join(__dirname, '..');
const importsOf = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) =>
      [...readFileSync(join(root, dir, f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => ({
        file: `${dir}/${f}`,
        from: m[1]!,
      })),
    );

describe('who imports whom', () => {
  it('the comparison report, the contracts and the credit memo share the engine and never import each other', () => {
    const compare = importsOf('electron/compare');
    const contracts = importsOf('electron/contracts');
    const memo = importsOf('bank-api/memo');
    expect(compare.filter((i) => i.from.includes('/contracts/'))).toEqual([]);
    expect(contracts.filter((i) => i.from.includes('/compare/'))).toEqual([]);
    for (const user of [compare, contracts, memo]) {
      expect(user.some((i) => i.from.includes('/shared/pdf/'))).toBe(true);
      expect(user.some((i) => i.from.includes('/node-shared/pdf-font'))).toBe(true);
    }
    expect(memo.filter((i) => /electron|renderer/.test(i.from))).toEqual([]);
  });

  it('shared/pdf/ uses no Node and no app layer; node-shared/ no app layer', () => {
    expect(importsOf('shared/pdf').filter((i) => /^node:|electron|renderer|bank-api|node-shared/.test(i.from))).toEqual(
      [],
    );
    expect(importsOf('node-shared').filter((i) => /electron|renderer|bank-api/.test(i.from))).toEqual([]);
  });
});

/** A page flow that records what it draws, on a small page so tables run over several. */
async function recordingFlow() {
  const doc = await PDFDocument.create();
  const font = await embedSubsetFont(doc, 'HeadRow0123456789 续');
  const drawn: { s: string; x: number; y: number; page: number }[] = [];
  class Recording extends PageFlow {
    override text(s: string, x: number, y: number, size: number, color = INK, spacing = 0) {
      drawn.push({ s, x, y, page: this.pages.length });
      super.text(s, x, y, size, color, spacing);
    }
  }
  const flow = new Recording(doc, font, {
    width: 300,
    height: 200,
    margin: { top: 20, bottom: 20, left: 10, right: 10 },
  });
  return { flow, drawn };
}

describe('a table across pages', () => {
  it('keeps every row whole, the head on each page, the cursor below the last row', async () => {
    const { flow, drawn } = await recordingFlow();
    flow.newPage();
    flow.y -= 50; // something above the table on the first page
    const spans: { page: number; top: number; bottom: number }[] = [];
    let heads = 0;
    drawTable(flow, {
      head: () => {
        heads++;
        flow.text('Head', 10, flow.y - 10, 10, INK);
        flow.y -= 15;
      },
      rows: Array.from({ length: 30 }, (_, i) => ({
        height: 12 + (i % 3) * 5,
        draw: (top: number) => {
          flow.text(`Row${i}`, 10, top - 10, 8, INK);
          spans.push({ page: flow.pages.length, top, bottom: top - (12 + (i % 3) * 5) });
        },
      })),
    });
    expect(flow.pages.length).toBeGreaterThan(2);
    expect(heads).toBe(flow.pages.length);
    expect(spans).toHaveLength(30);
    for (const s of spans) {
      expect(s.top).toBeLessThanOrEqual(200 - 20);
      expect(s.bottom).toBeGreaterThanOrEqual(20);
    }
    // Each page's head sits above its first row.
    for (let p = 1; p <= flow.pages.length; p++) {
      const onPage = drawn.filter((d) => d.page === p);
      expect(onPage[0]!.s).toBe('Head');
    }
    expect(flow.y).toBe(spans.at(-1)!.bottom);
    expect(flow.onNewPage).toBeUndefined();
  });

  it('starts a continued page with the caller’s block instead of the head when given', async () => {
    const { flow, drawn } = await recordingFlow();
    flow.newPage();
    drawTable(flow, {
      head: () => {
        flow.text('Head', 10, flow.y - 10, 10, INK);
        flow.y -= 15;
      },
      continued: () => {
        flow.text('续', 10, flow.y - 10, 10, INK);
        flow.y -= 15;
      },
      rows: Array.from({ length: 20 }, () => ({ height: 20, draw: () => {} })),
    });
    expect(drawn.map((d) => d.s)).toEqual(['Head', ...Array(flow.pages.length - 1).fill('续')]);
  });

  it('column edges add up the widths from the left edge', () => {
    expect(columnEdges(62, [40, 82, 86])).toEqual([62, 102, 184]);
  });
});

describe('page text', () => {
  it('right-aligned and centred text end and sit where asked', async () => {
    const { flow, drawn } = await recordingFlow();
    flow.newPage();
    flow.textRight('Row1', 250, 100, 10, INK);
    flow.textCentred('Row22', 0, 300, 80, 10, INK);
    const [right, centred] = drawn;
    expect(right!.x + flow.width('Row1', 10)).toBeCloseTo(250, 9);
    expect(centred!.x * 2 + flow.width('Row22', 10)).toBeCloseTo(300, 9);
  });

  it('stamps every page once the count is known', async () => {
    const { flow, drawn } = await recordingFlow();
    for (let i = 0; i < 3; i++) flow.newPage();
    const total = stampPages(flow, (n, of) => flow.text(`${n}${of}`, 10, 10, 8, INK));
    expect(total).toBe(3);
    expect(drawn.map((d) => d.s)).toEqual(['13', '23', '33']);
    expect(flow.page).toBe(flow.pages[2]);
  });

  it('refuses a character outside the subset instead of drawing an empty box', async () => {
    const { flow } = await recordingFlow();
    flow.newPage();
    expect(() => flow.text('合', 10, 10, 8, INK)).toThrow(/not in the font subset/);
  });
});

/**
 * Tables that run across pages: a head drawn first and again at the top of every new page (or a
 * continuation block of the caller's), and rows that never split — a row that does not fit starts a
 * new page.
 */
import type { PageFlow } from './page-flow';

export interface TableRow {
  height: number;
  /** Draws the row below `top` (the cursor; the table moves it down by `height` afterwards). */
  draw(top: number): void;
}

export interface Table {
  /** Draws the head row(s) at the cursor and moves the cursor below them. */
  head(): void;
  /** What a new page starts with (default: the head again). */
  continued?: () => void;
  rows: Iterable<TableRow>;
}

export function drawTable(flow: PageFlow, table: Table): void {
  table.head();
  flow.onNewPage = table.continued ?? table.head;
  try {
    for (const row of table.rows) {
      flow.ensure(row.height);
      const top = flow.y;
      row.draw(top);
      flow.y = top - row.height;
    }
  } finally {
    flow.onNewPage = undefined;
  }
}

/** Left edges of columns of the given widths, from `left`. */
export function columnEdges(left: number, widths: readonly number[]): number[] {
  const edges: number[] = [];
  let x = left;
  for (const w of widths) {
    edges.push(x);
    x += w;
  }
  return edges;
}

import { useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Panel } from '../../../shared/api/dashboards';
import { formatValue } from '../../format';
import { cellUnit, headerUnit } from './format';
import { usePanelLabels } from './labels';

/** A table's row names (industries, reasons) wrap as phrases, not a character per line. */
const ROW_NAME_STYLE = { minWidth: '10em' } as const;
/** A figure's column header wraps as words, not one character per line, in a wide table. */
const SERIES_HEAD_STYLE = { minWidth: '5.5em' } as const;

type Row = Panel['rows'][number];
type Series = Panel['series'][number];

/** Whether the box's content overflows it (either way); calls onWide when it is wider than the box. */
function useOverflow(onWide: () => void) {
  const box = useRef<HTMLDivElement>(null);
  const [overflow, setOverflow] = useState({ x: false, y: false });
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const check = () => {
      const x = el.scrollWidth > el.clientWidth + 1;
      const y = el.scrollHeight > el.clientHeight + 1;
      setOverflow((o) => (o.x === x && o.y === y ? o : { x, y }));
      if (x) onWide();
    };
    check();
    const ro = new ResizeObserver(check);
    ro.observe(el);
    return () => ro.disconnect();
  }, [onWide]);
  return { box, overflow };
}

export function PanelTable({
  panel,
  onCell,
  onWide,
}: {
  panel: Panel;
  onCell: (row: string, series: string) => void;
  /** Called when the table is wider than its box. */
  onWide: () => void;
}) {
  const { t } = useTranslation();
  const L = usePanelLabels();
  // What does not fit scrolls within the card; then the box is a named region reached by Tab
  // (arrow keys scroll it), with a hint for the columns out of sight.
  const { box, overflow } = useOverflow(onWide);
  const scrolls = overflow.x || overflow.y;
  return (
    <>
      {overflow.x && (
        <p className="muted small scroll-hint" aria-hidden="true">
          {t('dash.scrollHint')}
        </p>
      )}
      <div
        ref={box}
        className="table-scroll"
        data-testid={`scroll-${panel.id}`}
        {...(scrolls
          ? { role: 'region', tabIndex: 0, 'aria-label': t('dash.tableScroll', { title: L.title(panel) }) }
          : {})}
      >
        <table className="data-table" data-testid={`table-${panel.id}`}>
          <caption className="sr-only">{L.title(panel)}</caption>
          <TableHead panel={panel} />
          <tbody>
            {panel.rows.map((r) => (
              <tr key={r.key}>
                <th scope="row" style={ROW_NAME_STYLE}>
                  {L.row(r)}
                </th>
                {panel.series.map((s) => (
                  <TableCell key={s.key} panel={panel} row={r} series={s} onCell={onCell} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function TableHead({ panel }: { panel: Panel }) {
  const { t } = useTranslation();
  const L = usePanelLabels();
  return (
    <thead>
      <tr>
        <th scope="col">{t('dash.rowHeader')}</th>
        {panel.series.map((s) => {
          const u = headerUnit(panel.rows, s);
          return (
            <th key={s.key} scope="col" className="num" style={SERIES_HEAD_STYLE}>
              {L.series(s)}
              {u && <span className="muted small"> ({L.unit(u)})</span>}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

function TableCell({
  panel,
  row: r,
  series: s,
  onCell,
}: {
  panel: Panel;
  row: Row;
  series: Series;
  onCell: (row: string, series: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const L = usePanelLabels();
  const u = cellUnit(r, s);
  // A cell whose column header cannot say its unit says it itself.
  const text = formatValue(r.values[s.key], u, i18n.language, {
    withUnit: headerUnit(panel.rows, s) == null,
  });
  return (
    <td className="num">
      {s.drill && r.values[s.key] != null ? (
        <button
          type="button"
          className="link"
          data-testid={`cell-${panel.id}-${r.key}-${s.key}`}
          data-value={r.values[s.key] ?? undefined}
          aria-label={t('dash.drillInto', { row: L.row(r), series: L.series(s), value: text })}
          onClick={() => onCell(r.key, s.key)}
        >
          {text}
        </button>
      ) : (
        text
      )}
    </td>
  );
}

// biome-ignore-all lint/a11y/useSemanticElements: a virtualised grid positions its rows absolutely, which a <table> cannot do.
// biome-ignore-all lint/a11y/useFocusableInteractive: the grid holds focus and points at the row with aria-activedescendant.
// biome-ignore-all lint/a11y/useKeyWithClickEvents: rows are driven by the grid's keyboard handler (j/k, arrows, Enter).
import { useVirtualizer } from '@tanstack/react-virtual';
import { type RefObject, useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationSummary } from '../../../shared/api/applications';
import type { QueueColumn } from '../../../shared/ipc/channels/queue';
import { assigneeName, formatCaseSla, formatWaiting, groupMoney, slaClass } from '../../format';
import { anchoredScrollTop, taggedKind } from './queue-logic';

export const ROW_HEIGHT = 36;

const WIDTHS: Record<QueueColumn, string> = {
  enterprise: 'minmax(220px, 3fr)',
  product: 'minmax(90px, 1fr)',
  amount: 'minmax(120px, 1fr)',
  grade: '52px',
  tier: '72px',
  channel: '84px',
  waiting: 'minmax(96px, 1fr)',
  sla: 'minmax(120px, 1fr)',
  status: '84px',
  assignee: '90px',
};

export interface QueueTableProps {
  rows: readonly ApplicationSummary[];
  columns: readonly QueueColumn[];
  now: number;
  userId: string;
  canDecide: boolean;
  /** Whether the user could claim this (unclaimed) row: shared/credit/authority.ts mayClaim. */
  mayClaim: (r: ApplicationSummary) => boolean;
  focusedId: string | null;
  fresh: ReadonlySet<string>;
  gridRef: RefObject<HTMLDivElement | null>;
  onFocusRow: (id: string) => void;
  onOpen: (id: string) => void;
  onClaim: (r: ApplicationSummary) => void;
  onRelease: (r: ApplicationSummary) => void;
  /** Set for senior approvers and supervisors: take another's claim off a case, with a reason. */
  onForceRelease?: ((r: ApplicationSummary) => void) | undefined;
  onNearEnd: () => void;
}

/** The dense, virtualised queue: only the rows on screen exist in the DOM, so 100,000 scroll smoothly. */
export function QueueTable(p: QueueTableProps) {
  const { t } = useTranslation();
  const template = [...p.columns.map((c) => WIDTHS[c]), '84px'].join(' ');
  const v = useVirtualizer({
    count: p.rows.length,
    getScrollElement: () => p.gridRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = v.getVirtualItems();
  useKeptInView(p, v, items[items.length - 1]?.index);

  return (
    <div
      ref={p.gridRef}
      id="queue-table"
      className="queue-grid"
      role="grid"
      aria-label={t('queue.heading')}
      aria-rowcount={p.rows.length + 1}
      aria-activedescendant={p.focusedId ? `row-${p.focusedId}` : undefined}
      tabIndex={0}
      data-testid="queue-grid"
    >
      <div className="queue-row queue-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
        {p.columns.map((c) => (
          <span key={c} role="columnheader">
            {t(`queue.col.${c}`)}
          </span>
        ))}
        <span role="columnheader">
          <span className="sr-only">{t('queue.claim')}</span>
        </span>
      </div>
      <div className="queue-body" style={{ height: v.getTotalSize() }}>
        {items.map((it) => (
          <QueueRow
            key={p.rows[it.index]!.id}
            p={p}
            r={p.rows[it.index]!}
            index={it.index}
            top={it.start}
            template={template}
          />
        ))}
      </div>
    </div>
  );
}

/**
 * Keeps the focused row in view: rows arriving or leaving above it do not move it under the user's
 * eyes, a row focused by the keyboard is scrolled to, and the next page loads as the end comes near.
 */
function useKeptInView(
  p: QueueTableProps,
  v: { scrollToIndex: (i: number, o: { align: 'auto' }) => void },
  lastIndex: number | undefined,
) {
  const prevIds = useRef<string[]>([]);
  useLayoutEffect(() => {
    const ids = p.rows.map((r) => r.id);
    const el = p.gridRef.current;
    if (el) {
      const top = anchoredScrollTop(prevIds.current, ids, p.focusedId, el.scrollTop, ROW_HEIGHT);
      if (top !== null) el.scrollTop = top;
    }
    prevIds.current = ids;
  }, [p.rows, p.focusedId, p.gridRef]);

  const focusedIndex = p.focusedId ? p.rows.findIndex((r) => r.id === p.focusedId) : -1;
  useEffect(() => {
    if (focusedIndex >= 0) v.scrollToIndex(focusedIndex, { align: 'auto' });
  }, [focusedIndex, v]);

  useEffect(() => {
    if (lastIndex !== undefined && lastIndex >= p.rows.length - 50) p.onNearEnd();
  }, [lastIndex, p.rows.length, p.onNearEnd]);
}

/** One case's row: its cells, open, and claim or release where the user may decide. */
export function QueueRow({
  p,
  r,
  index,
  top,
  template,
}: {
  p: QueueTableProps;
  r: ApplicationSummary;
  index: number;
  top: number;
  template: string;
}) {
  const { t } = useTranslation();
  const focused = r.id === p.focusedId;
  const kind = taggedKind(r);
  return (
    <div
      id={`row-${r.id}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={focused}
      aria-label={t('queue.rowLabel', {
        name: kind
          ? t('queue.nameWithKind', { name: r.enterpriseName, kind: t(`queue.kind.${kind}`) })
          : r.enterpriseName,
        amount: groupMoney(r.amount),
        grade: r.grade ?? '—',
        sla: formatCaseSla(t, p.now, r),
      })}
      className={`queue-row${focused ? ' focused' : ''}`}
      data-testid="queue-row"
      data-id={r.id}
      style={{ transform: `translateY(${top}px)`, gridTemplateColumns: template }}
      onClick={() => p.onFocusRow(r.id)}
      onDoubleClick={() => p.onOpen(r.id)}
    >
      {p.columns.map((c) => (
        <span key={c} role="gridcell" className={`cell-${c}`}>
          <Cell r={r} c={c} now={p.now} userId={p.userId} fresh={p.fresh.has(r.id)} />
        </span>
      ))}
      <span role="gridcell" className="cell-actions">
        <button type="button" className="link" onClick={() => p.onOpen(r.id)} tabIndex={-1}>
          {t('queue.open')}
        </button>
        {p.canDecide &&
          (r.assigneeId === p.userId ? (
            <button
              type="button"
              className="link"
              tabIndex={-1}
              onClick={() => p.onRelease(r)}
              data-testid="row-release"
            >
              {t('queue.release')}
            </button>
          ) : !r.assigneeId && p.mayClaim(r) ? (
            <button type="button" className="link" tabIndex={-1} onClick={() => p.onClaim(r)} data-testid="row-claim">
              {t('queue.claim')}
            </button>
          ) : null)}
        {p.onForceRelease && r.assigneeId && r.assigneeId !== p.userId && (
          <button
            type="button"
            className="link"
            tabIndex={-1}
            onClick={() => p.onForceRelease?.(r)}
            data-testid="row-force-release"
          >
            {t('queue.forceRelease')}
          </button>
        )}
      </span>
    </div>
  );
}

/** One cell of a row, by column. */
function Cell({
  r,
  c,
  now,
  userId,
  fresh,
}: {
  r: ApplicationSummary;
  c: QueueColumn;
  now: number;
  userId: string;
  fresh: boolean;
}) {
  const { t } = useTranslation();
  switch (c) {
    case 'enterprise':
      return (
        <>
          <span className="ent-name">{r.enterpriseName}</span>
          <KindTag r={r} />
          <span className="ent-id">{r.id}</span>
          {fresh && <span className="badge new">{t('queue.newRow')}</span>}
          {r.resubmitted && (
            <span className="badge resubmitted" data-testid="queue-resubmitted" title={t('queue.resubmittedTitle')}>
              {t('queue.resubmitted')}
            </span>
          )}
          {(r.notesForMe ?? 0) > 0 && (
            <span className="badge notes" data-testid="queue-notes" title={t('queue.notesForMeTitle')}>
              {t('queue.notesForMe', { count: r.notesForMe })}
            </span>
          )}
        </>
      );
    case 'product':
      return t(`product.${r.productCode}`, { defaultValue: r.productCode });
    case 'amount':
      return <span className="num">{groupMoney(r.amount)}</span>;
    case 'grade':
      return <span className={`grade grade-${r.grade ?? 'none'}`}>{r.grade ?? '—'}</span>;
    case 'tier':
      return t(`tier.${r.tier}`);
    case 'channel':
      return t(`channel.${r.channel}`);
    case 'waiting':
      return formatWaiting(t, now, r.submittedAt);
    case 'sla':
      return <span className={slaClass(r)}>{formatCaseSla(t, now, r)}</span>;
    case 'status':
      return t(`status.${r.status}`);
    case 'assignee':
      return r.assigneeId === userId ? t('queue.claimedByMe') : r.assigneeId ? assigneeName(r) : t('queue.unassigned');
  }
}

/** The 续贷 / 增额 tag beside a renewal's or a top-up's enterprise name, in words; nothing for a new loan. */
function KindTag({ r }: { r: ApplicationSummary }) {
  const { t } = useTranslation();
  const kind = taggedKind(r);
  if (!kind) return null;
  return (
    <span
      className={`badge kind ${kind}`}
      data-testid="queue-kind"
      data-kind={kind}
      title={t(`queue.kindTitle.${kind}`)}
    >
      {t(`queue.kind.${kind}`)}
    </span>
  );
}

/**
 * The queue row as rendered (react-dom/server, no browser): a renewal (续贷) or top-up (增额) carries its
 * tag in words beside the enterprise's name and in the row's accessible name, in Chinese and English; a
 * new loan carries neither.
 */
import i18next, { type i18n } from 'i18next';
import { createRef } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationSummary } from '../../../shared/api/applications';
import { en } from '../../../shared/i18n/en';
import { zhCN } from '../../../shared/i18n/zh-CN';
import { QUEUE_COLUMNS } from '../../../shared/ipc/channels/queue';
import { QueueRow, type QueueTableProps } from './QueueTable';
import { row } from './rows.fixture';

const NOW = Date.UTC(2026, 10, 2, 6, 0);
const props: QueueTableProps = {
  rows: [],
  columns: QUEUE_COLUMNS,
  now: NOW,
  userId: 'u-approver1',
  canDecide: true,
  mayClaim: () => true,
  focusedId: null,
  fresh: new Set(),
  gridRef: createRef(),
  onFocusRow: () => {},
  onOpen: () => {},
  onClaim: () => {},
  onRelease: () => {},
  onNearEnd: () => {},
};

const languages: Record<string, i18n> = {};
beforeAll(async () => {
  for (const lng of ['zh-CN', 'en']) {
    const inst = i18next.createInstance();
    await inst.init({
      resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
      lng,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    languages[lng] = inst;
  }
});

/** The row's HTML, its accessible name (aria-label) and the tag's text, if any. */
function render(r: ApplicationSummary, lng: string, p: QueueTableProps = props) {
  const html = renderToStaticMarkup(
    <I18nextProvider i18n={languages[lng]!}>
      <QueueRow p={p} r={r} index={0} top={0} template="" />
    </I18nextProvider>,
  );
  return { html, label: attr(html, 'role="row"', 'aria-label'), tag: textOf(html, 'data-testid="queue-kind"') };
}

/** One attribute of the first element whose tag holds `marker`, unescaped; null when absent. */
function attr(html: string, marker: string, name: string): string | null {
  const open = html.match(new RegExp(`<[^>]*${marker}[^>]*>`))?.[0];
  const v = open?.match(new RegExp(`${name}="([^"]*)"`))?.[1];
  return v === undefined ? null : unescapeHtml(v);
}
/** The text of the span whose tag holds `marker`; null when there is none. */
function textOf(html: string, marker: string): string | null {
  const m = html.match(new RegExp(`<span[^>]*${marker}[^>]*>([^<]*)</span>`));
  return m ? unescapeHtml(m[1]!) : null;
}
const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('the queue row’s 续贷 / 增额 tag', () => {
  const name = row(1).enterpriseName;

  it('shows 续贷 beside a renewal’s name and in the row’s accessible name (zh-CN)', () => {
    const out = render(row(1, { kind: 'renewal' }), 'zh-CN');
    expect(out.tag).toBe('续贷');
    expect(out.label).toMatch(new RegExp(`^${name}（续贷），`));
    // Beside the name: the tag comes right after it, before the case number.
    expect(out.html.indexOf('queue-kind')).toBeGreaterThan(out.html.indexOf(name));
    expect(out.html.indexOf('queue-kind')).toBeLessThan(out.html.indexOf('ent-id'));
  });

  it('shows 增额 for a top-up (zh-CN)', () => {
    const out = render(row(1, { kind: 'top_up' }), 'zh-CN');
    expect(out.tag).toBe('增额');
    expect(out.label).toContain(`${name}（增额）`);
  });

  it('says Renewal and Top-up in English, in the tag and the accessible name', () => {
    const renewal = render(row(1, { kind: 'renewal' }), 'en');
    expect(renewal.tag).toBe('Renewal');
    expect(renewal.label).toMatch(new RegExp(`^${name} \\(Renewal\\), `));
    const topUp = render(row(1, { kind: 'top_up' }), 'en');
    expect(topUp.tag).toBe('Top-up');
    expect(topUp.label).toContain(`${name} (Top-up)`);
  });

  it('shows no tag for a new loan, in either language, and its accessible name is the plain name', () => {
    for (const lng of ['zh-CN', 'en']) {
      const out = render(row(1), lng);
      expect(out.tag, lng).toBeNull();
      expect(out.html, lng).not.toMatch(/续贷|增额|Renewal|Top-up/);
      // The label's template goes on straight after the name: "name，amount…" / "name, amount…".
      expect(out.label?.startsWith(`${name}${lng === 'en' ? ', ' : '，'}`), `${lng}: ${out.label}`).toBe(true);
    }
  });
});

describe('the queue row’s 认领 (claim)', () => {
  it('is offered on an unclaimed row only where the user could claim it', () => {
    const seen: string[] = [];
    const p = {
      ...props,
      mayClaim: (r: ApplicationSummary) => {
        seen.push(r.id);
        return r.id === row(1).id;
      },
    };
    expect(render(row(1), 'zh-CN', p).html).toContain('data-testid="row-claim"');
    expect(render(row(2), 'zh-CN', p).html).not.toContain('data-testid="row-claim"');
    expect(seen).toEqual([row(1).id, row(2).id]);
  });

  it('offers release, not claim, on the user’s own claim, and neither on another’s', () => {
    const mine = render(row(1, { assigneeId: 'u-approver1' }), 'zh-CN').html;
    expect(mine).toContain('data-testid="row-release"');
    expect(mine).not.toContain('data-testid="row-claim"');
    const theirs = render(row(1, { assigneeId: 'u-approver2' }), 'zh-CN').html;
    expect(theirs).not.toMatch(/row-claim|row-release/);
  });
});

import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { caseLink, contractLink, dashboardLink, linkedBoard, linkedContract, linkedDrill } from './links';

const t = ((k: string) => `<${k}>`) as unknown as TFunction;

describe('home links', () => {
  it('round-trips a dashboard and its drill-down', () => {
    const h = dashboardLink('warning', { panel: 'warning.ranked', row: 'any', series: 'loans' });
    expect(h).toBe('#/dashboards/warning?drill=warning.ranked%3Aany%3Aloans');
    expect(linkedBoard(h)).toBe('warning');
    expect(linkedDrill(h, t)).toEqual({
      panel: 'warning.ranked',
      row: 'any',
      series: 'loans',
      title: '<dash.panels.warning.ranked> · <dash.rows.any> · <dash.series.loans>',
    });
    expect(linkedBoard(dashboardLink('regulatory'))).toBe('regulatory');
    expect(linkedDrill(dashboardLink('regulatory'), t)).toBeNull();
  });

  it('ignores what it does not know', () => {
    expect(linkedBoard('#/dashboards/nonsense')).toBeNull();
    expect(linkedBoard('#/queue')).toBeNull();
    expect(linkedDrill('#/dashboards/warning?drill=a:b', t)).toBeNull();
    expect(linkedDrill('#/dashboards/warning?drill=a:b:c:d', t)).toBeNull();
    expect(linkedDrill('#/dashboards/warning?drill=%E0%A4%A', t)).toBeNull();
    expect(linkedDrill('#/dashboards/warning?drill=a%3B%20b:c:d', t)).toBeNull();
    expect(linkedContract(contractLink('APP-2025-000001'))).toBe('APP-2025-000001');
    expect(linkedContract('#/contracts/<script>')).toBeNull();
    expect(linkedContract('#/contracts')).toBeNull();
    expect(caseLink('APP-1')).toBe('#/queue/APP-1');
  });
});

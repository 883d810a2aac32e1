import { useTranslation } from 'react-i18next';
import type { Panel } from '../../../shared/api/dashboards';

type Series = Panel['series'][number];
type Row = Panel['rows'][number];

/** Names for panels, series, rows and units in the current language, falling back to the server's or the key. */
export function usePanelLabels() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  return {
    title: (p: Panel) =>
      t(`dash.panels.${p.id}`, { defaultValue: t(`accuracy.panels.${p.id}`, { defaultValue: p.id }) }),
    series: (s: Series) => {
      if (s.label) return en ? s.label.en : s.label.zh;
      // A vintage point's count behind its ratio: loans observed (mob3_d) and those 30+ past due (mob3_n).
      const mob = /^mob(\d+)_(d|n)$/.exec(s.key);
      if (mob) return t(mob[2] === 'd' ? 'dash.series.mobDen' : 'dash.series.mobNum', { n: mob[1] });
      return t(`dash.series.${s.key}`, { defaultValue: t(`accuracy.series.${s.key}`, { defaultValue: s.key }) });
    },
    row: (r: Row) => (r.label ? (en ? r.label.en : r.label.zh) : t(`dash.rows.${r.key}`, { defaultValue: r.key })),
    unit: (u: string) => t(`dash.units.${u}`, { defaultValue: t(`accuracy.units.${u}`, { defaultValue: '' }) }),
    note: (n: { zh: string; en: string }) => (en ? n.en : n.zh),
  };
}

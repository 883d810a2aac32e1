/**
 * Links the home screen opens, as hash routes other areas read: a case (`#/queue/<id>`), a case's
 * contracts (`#/contracts/<id>`), a dashboard and optionally one of its drill-downs
 * (`#/dashboards/<board>?drill=<panel>:<row>:<series>`).
 */
import type { TFunction } from 'i18next';
import { DASHBOARDS, type DashboardId } from '../../shared/api/dashboards';

export interface DrillRef {
  panel: string;
  row: string;
  series: string;
}

const KEY = /^[A-Za-z0-9_.-]{1,64}$/;
const ID = /^[A-Z0-9-]{4,40}$/;

export const caseLink = (id: string) => `#/queue/${id}`;
export const contractLink = (id: string) => `#/contracts/${id}`;
/** The loan page (renderer/features/loans). */
export const loanLink = (id: string) => `#/loans/${encodeURIComponent(id)}`;

export function dashboardLink(board: DashboardId, drill?: DrillRef): string {
  const base = `#/dashboards/${board}`;
  return drill ? `${base}?drill=${encodeURIComponent(`${drill.panel}:${drill.row}:${drill.series}`)}` : base;
}

const dashboardHash = (hash: string) => /^#\/?dashboards\/([a-z]+)(?:\?drill=([^&]+))?$/.exec(hash);

/** The dashboard a `#/dashboards/<board>` link names, or null. */
export function linkedBoard(hash: string): DashboardId | null {
  const b = dashboardHash(hash)?.[1];
  return b && (DASHBOARDS as readonly string[]).includes(b) ? (b as DashboardId) : null;
}

/** The drill-down a dashboard link opens, with its title as the dashboard would show it; or null. */
export function linkedDrill(hash: string, t: TFunction): (DrillRef & { title: string }) | null {
  const m = dashboardHash(hash);
  if (!m?.[2] || !linkedBoard(hash)) return null;
  let raw: string;
  try {
    raw = decodeURIComponent(m[2]);
  } catch {
    return null;
  }
  const [panel, row, series, ...rest] = raw.split(':');
  if (rest.length || !panel || !row || !series || ![panel, row, series].every((k) => KEY.test(k))) return null;
  const title = [
    t(`dash.panels.${panel}`, { defaultValue: panel }),
    t(`dash.rows.${row}`, { defaultValue: row }),
    t(`dash.series.${series}`, { defaultValue: series }),
  ].join(' · ');
  return { panel, row, series, title };
}

/** The case a `#/contracts/<id>` link selects, or null. */
export function linkedContract(hash: string): string | null {
  const id = /^#\/?contracts\/([^/?]+)$/.exec(hash)?.[1] ?? null;
  return id && ID.test(id) ? id : null;
}

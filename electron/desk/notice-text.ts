/**
 * A notice's title and body in the user's language, from the same message files as the renderer
 * (shared/i18n/station.*.ts): main shows OS notifications itself, without i18next.
 */
import { stationEn } from '../../shared/i18n/station.en';
import { stationZhCN } from '../../shared/i18n/station.zh-CN';
import type { Locale } from '../../shared/ipc/contract';
import type { Notice } from './notices';

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ''));

export function noticeText(n: Notice, locale: Locale): { title: string; body: string } {
  const m = (locale === 'en' ? stationEn : stationZhCN).station.notifications;
  const lane = n.tier ? m.lane[n.tier] : '';
  const t = m[n.kind];
  return { title: t.title, body: fill(t.body, { id: n.caseId, lane }) };
}

export function moreText(count: number, locale: Locale): { title: string; body: string } {
  const m = (locale === 'en' ? stationEn : stationZhCN).station.notifications.more;
  return { title: m.title, body: fill(m.body, { count }) };
}

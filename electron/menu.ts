/**
 * The application menu and the support-tools switch (issue 19). A bank desk gets a menu with editing,
 * zoom and window items only: no reload (it would drop unsaved work and the session's state) and no
 * developer tools (they would let anyone at the desk read and drive the page). Support staff turn both
 * back on with SME_SUPPORT_TOOLS=1 — the window then also allows DevTools (`webPreferences.devTools`).
 * Pure data: main.ts builds the menu with `Menu.buildFromTemplate(menuTemplate(...))`.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { ConfigError, type Env } from '../shared/config/env';

export const SUPPORT_TOOLS_VARIABLE = 'SME_SUPPORT_TOOLS';

/** SME_SUPPORT_TOOLS: `1` turns on reload and DevTools; unset, empty or `0` leaves them off. */
export function readSupportTools(env: Env): boolean {
  const v = env[SUPPORT_TOOLS_VARIABLE]?.trim() ?? '';
  if (v === '' || v === '0') return false;
  if (v === '1') return true;
  throw new ConfigError(
    SUPPORT_TOOLS_VARIABLE,
    `${SUPPORT_TOOLS_VARIABLE} must be 1 (support tools on) or 0 / unset (off); not ${JSON.stringify(v)}`,
  );
}

export interface MenuOptions {
  /** Reload and DevTools in the View menu. */
  supportTools: boolean;
  /** macOS puts the app menu first. */
  platform: NodeJS.Platform;
  /** Menu titles in the user's language. */
  labels?: Partial<Record<'edit' | 'view' | 'window' | 'help', string>>;
}

const ZH = { edit: '编辑', view: '视图', window: '窗口', help: '帮助' };

/** The roles a production menu may contain; anything else (reload, DevTools) needs support tools. */
export const PRODUCTION_ROLES: ReadonlySet<string> = new Set([
  'appMenu',
  'undo',
  'redo',
  'cut',
  'copy',
  'paste',
  'pasteAndMatchStyle',
  'delete',
  'selectAll',
  'resetZoom',
  'zoomIn',
  'zoomOut',
  'togglefullscreen',
  'minimize',
  'close',
  'zoom',
  'front',
  'quit',
]);

export function menuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const label = { ...ZH, ...o.labels };
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (o.supportTools) {
    view.push({ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' });
  }
  const template: MenuItemConstructorOptions[] = [
    {
      label: label.edit,
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    { label: label.view, submenu: view },
    {
      label: label.window,
      submenu:
        o.platform === 'darwin'
          ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
          : [{ role: 'minimize' }, { role: 'close' }],
    },
  ];
  if (o.platform === 'darwin') template.unshift({ role: 'appMenu' });
  return template;
}

/** Every role in a template, sub-menus included (what the tests and the support switch check). */
export function rolesOf(template: readonly MenuItemConstructorOptions[]): string[] {
  const out: string[] = [];
  for (const item of template) {
    if (item.role) out.push(item.role);
    if (Array.isArray(item.submenu)) out.push(...rolesOf(item.submenu));
  }
  return out;
}

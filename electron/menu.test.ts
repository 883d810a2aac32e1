import { describe, expect, it } from 'vitest';
import { menuTemplate, PRODUCTION_ROLES, readSupportTools, rolesOf, SUPPORT_TOOLS_VARIABLE } from './menu';

describe('application menu', () => {
  it('has no reload and no DevTools in production, on every platform', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      const roles = rolesOf(menuTemplate({ supportTools: false, platform }));
      expect(roles, platform).not.toContain('toggleDevTools');
      expect(roles).not.toContain('reload');
      expect(roles).not.toContain('forceReload');
      for (const r of roles) expect(PRODUCTION_ROLES.has(r), r).toBe(true);
      expect(roles).toContain('copy');
      expect(roles).toContain('paste');
    }
  });

  it('adds reload and DevTools for support staff only', () => {
    const roles = rolesOf(menuTemplate({ supportTools: true, platform: 'win32' }));
    expect(roles).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
  });

  it('puts the app menu first on macOS only, and titles the menus in Chinese by default', () => {
    expect(menuTemplate({ supportTools: false, platform: 'darwin' })[0]?.role).toBe('appMenu');
    const win = menuTemplate({ supportTools: false, platform: 'win32' });
    expect(win.map((m) => m.label)).toEqual(['编辑', '视图', '窗口']);
    expect(menuTemplate({ supportTools: false, platform: 'win32', labels: { edit: 'Edit' } })[0]?.label).toBe('Edit');
  });

  it('reads the support switch strictly', () => {
    expect(readSupportTools({})).toBe(false);
    expect(readSupportTools({ [SUPPORT_TOOLS_VARIABLE]: '0' })).toBe(false);
    expect(readSupportTools({ [SUPPORT_TOOLS_VARIABLE]: '1' })).toBe(true);
    for (const v of ['yes', 'true', '2']) {
      expect(() => readSupportTools({ [SUPPORT_TOOLS_VARIABLE]: v }), v).toThrow(SUPPORT_TOOLS_VARIABLE);
    }
  });
});

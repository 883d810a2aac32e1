import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_URL } from './protocol';
import {
  CONTENT_SECURITY_POLICY,
  isAllowedNavigation,
  isDevicePermissionAllowed,
  isPermissionAllowed,
  isTrustedSender,
  originOf,
  SECURE_WEB_PREFERENCES,
} from './security';

const APP = APP_URL;

describe('window security policy', () => {
  it('insists on isolation, sandbox and no Node in the page', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
  });

  it('has a CSP without eval, inline script or remote origins', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline|https?:/);
  });

  it('refuses navigation anywhere but the app page itself', () => {
    expect(isAllowedNavigation(`${APP}#/queue`, APP)).toBe(true);
    expect(isAllowedNavigation('https://evil.example/', APP)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', APP)).toBe(false);
    expect(isAllowedNavigation('file:///opt/workstation/out/renderer/index.html', APP)).toBe(false);
    expect(isAllowedNavigation('app://other/index.html', APP)).toBe(false);
    expect(isAllowedNavigation('app://workstation/other.html', APP)).toBe(false);
    expect(isAllowedNavigation('not a url', APP)).toBe(false);
  });

  it('trusts IPC only from the app page in the main frame', () => {
    expect(isTrustedSender({ url: APP, isMainFrame: true }, APP)).toBe(true);
    expect(isTrustedSender({ url: APP, isMainFrame: false }, APP)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true }, APP)).toBe(false);
    expect(isTrustedSender(null, APP)).toBe(false);
  });

  it('main.ts writes out exactly these web preferences, so Electronegativity can read them', () => {
    const main = readFileSync(new URL('./main.ts', import.meta.url), 'utf8');
    const block = /webPreferences: \{([\s\S]*?)\n {4}\},/.exec(main)?.[1] ?? '';
    for (const [key, value] of Object.entries(SECURE_WEB_PREFERENCES)) {
      expect(block, key).toMatch(new RegExp(`\\n\\s*${key}: ${value},`));
    }
    expect(main).not.toMatch(/\.\.\.SECURE_WEB_PREFERENCES/);
    expect(main).not.toMatch(/loadFile\(|pathToFileURL/);
  });

  it('grants no web permission but the app page’s clipboard write, requested or checked; devices never', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', APP, APP)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://workstation', APP)).toBe(true);
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'midi',
      'hid',
      'serial',
      'usb',
      'openExternal',
      'fullscreen',
      'clipboard-read',
    ]) {
      expect(isPermissionAllowed(p, APP, APP), p).toBe(false);
    }
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/', APP)).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'other://workstation/', APP)).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', '', APP)).toBe(false);
    expect(isDevicePermissionAllowed({ deviceType: 'usb', origin: 'app://workstation' })).toBe(false);
  });

  it('compares origins by scheme and host, also for non-special schemes (URL.origin says "null" for them)', () => {
    expect(new URL('app://workstation/x').origin).toBe('null');
    expect(originOf('app://workstation/x')).toBe('app://workstation');
    expect(originOf('foo://bar/x')).not.toBe(originOf('app://workstation/x'));
    expect(originOf('not a url')).toBeNull();
  });
});

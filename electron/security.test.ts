import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isAllowedNavigation, isTrustedSender, SECURE_WEB_PREFERENCES } from './security';

const APP = 'file:///opt/workstation/out/renderer/index.html';

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
    expect(isAllowedNavigation('not a url', APP)).toBe(false);
  });

  it('trusts IPC only from the app page in the main frame', () => {
    expect(isTrustedSender({ url: APP, isMainFrame: true }, APP)).toBe(true);
    expect(isTrustedSender({ url: APP, isMainFrame: false }, APP)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true }, APP)).toBe(false);
    expect(isTrustedSender(null, APP)).toBe(false);
  });
});

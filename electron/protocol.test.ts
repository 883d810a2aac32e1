import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, APP_SCHEME_PRIVILEGES, APP_URL, appResponse, resolveAppPath } from './protocol';

const ROOT = '/opt/ws/out/renderer';

describe('app:// path resolution', () => {
  it('maps the app’s URLs to files inside the renderer folder', () => {
    expect(APP_URL).toBe('app://workstation/index.html');
    expect(resolveAppPath(ROOT, APP_URL)).toBe(`${ROOT}/index.html`);
    expect(resolveAppPath(ROOT, `${APP_ORIGIN}/`)).toBe(`${ROOT}/index.html`);
    expect(resolveAppPath(ROOT, `${APP_ORIGIN}`)).toBe(`${ROOT}/index.html`);
    expect(resolveAppPath(ROOT, `${APP_ORIGIN}/assets/index-abc.js?v=1#x`)).toBe(`${ROOT}/assets/index-abc.js`);
    expect(resolveAppPath(ROOT, `${APP_ORIGIN}/fonts/%E6%80%9D%E6%BA%90.woff2`)).toBe(`${ROOT}/fonts/思源.woff2`);
  });

  it('refuses everything that leaves the folder or is not the app’s own URL', () => {
    // Dot segments the URL parser itself removes stay inside: /../x is /x.
    expect(resolveAppPath(ROOT, `${APP_ORIGIN}/../secret.txt`)).toBe(`${ROOT}/secret.txt`);
    expect(resolveAppPath(ROOT, `${APP_ORIGIN}/%2e%2e/secret.txt`)).toBe(`${ROOT}/secret.txt`);
    for (const url of [
      `${APP_ORIGIN}/..%2fsecret.txt`,
      `${APP_ORIGIN}/..%2frenderer-x/index.html`,
      `${APP_ORIGIN}/assets/..%2f..%2f..%2fetc%2fpasswd`,
      `${APP_ORIGIN}/%00index.html`,
      `${APP_ORIGIN}/..%5c..%5csecret.txt`,
      `${APP_ORIGIN}/C:/Windows/win.ini`,
      `${APP_ORIGIN}/%E0%A4%A`,
      'app://other/index.html',
      'file:///opt/ws/out/renderer/index.html',
      'https://workstation/index.html',
      'not a url',
    ]) {
      expect(resolveAppPath(ROOT, url), url).toBeNull();
    }
  });

  it('holds on Windows paths too', () => {
    const win = 'C:\\Program Files\\Workstation\\resources\\renderer';
    expect(resolveAppPath(win, APP_URL, path.win32)).toBe(`${win}\\index.html`);
    expect(resolveAppPath(win, `${APP_ORIGIN}/assets/a.js`, path.win32)).toBe(`${win}\\assets\\a.js`);
    expect(resolveAppPath(win, `${APP_ORIGIN}/..%2frenderer-x/a.js`, path.win32)).toBeNull();
    expect(resolveAppPath(win, `${APP_ORIGIN}/..%5c..%5cWindows`, path.win32)).toBeNull();
    expect(resolveAppPath(win, `${APP_ORIGIN}/D:/x`, path.win32)).toBeNull();
  });

  it('never resolves outside the folder, whatever the path (property)', () => {
    const segment = fc.constantFrom('..', '.', '%2e%2e', '..%2f', '%2f', 'a', 'renderer-x', '%5c', '', '%00', 'C:');
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (parts) => {
        for (const p of [path.posix, path.win32]) {
          const root = p === path.win32 ? 'C:\\ws\\renderer' : ROOT;
          const file = resolveAppPath(root, `${APP_ORIGIN}/${parts.join('/')}`, p);
          if (file !== null) expect(file.startsWith(root + p.sep)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('registers a standard, secure scheme without CSP bypass or CORS', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({
      scheme: 'app',
      privileges: { standard: true, secure: true, bypassCSP: false, corsEnabled: false },
    });
  });
});

describe('app:// responses', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ws-app-'));
  const root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'assets', 'a.js'), 'export {}');
  writeFileSync(join(dir, 'secret.txt'), 'outside');

  it('serves files with their type and the app’s CSP', () => {
    const r = appResponse(root, { url: APP_URL, method: 'GET' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(Buffer.from(r.body).toString()).toBe('<!doctype html>');
    expect(appResponse(root, { url: `${APP_ORIGIN}/assets/a.js`, method: 'GET' }).headers['content-type']).toMatch(
      /^text\/javascript/,
    );
  });

  it('answers 404 for a folder, a missing file or anything outside; 405 for other methods', () => {
    expect(appResponse(root, { url: `${APP_ORIGIN}/assets`, method: 'GET' }).status).toBe(404);
    expect(appResponse(root, { url: `${APP_ORIGIN}/nope.js`, method: 'GET' }).status).toBe(404);
    const out = appResponse(root, { url: `${APP_ORIGIN}/..%2fsecret.txt`, method: 'GET' });
    expect(out.status).toBe(404);
    expect(String(out.body)).not.toContain('outside');
    expect(appResponse(root, { url: APP_URL, method: 'POST' }).status).toBe(405);
  });
});

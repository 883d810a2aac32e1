/**
 * The app's own `app://` scheme, which serves the built renderer in place of `file://` (issue 19). A
 * `file://` page shares its origin with every file on the disk and can be pointed at any of them; an
 * `app://workstation/…` page has an origin of its own, and this handler answers only for files inside
 * the renderer folder. Plain Node: main.ts registers the scheme and hands requests to `appResponse`.
 */
import { readFileSync, statSync } from 'node:fs';
import nodePath from 'node:path';
import { CONTENT_SECURITY_POLICY } from './security';

export const APP_SCHEME = 'app';
export const APP_HOST = 'workstation';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The one page the window loads. */
export const APP_URL = `${APP_ORIGIN}/index.html`;

/**
 * What `protocol.registerSchemesAsPrivileged` is given, before the app is ready: a standard scheme
 * (real origins, relative URLs), secure (like https: no mixed-content downgrade), fetch() allowed for
 * the page's own assets (fonts, the PDF worker). No CSP bypass, no CORS, no service workers.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    bypassCSP: false,
    corsEnabled: false,
    allowServiceWorkers: false,
    stream: true,
  },
} as const;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bcmap': 'application/octet-stream',
};

/** The path functions to resolve with: the platform's by default; tests pass `path.win32` too. */
type PathApi = Pick<typeof nodePath, 'resolve' | 'join' | 'sep' | 'isAbsolute'>;

/**
 * The file inside `rendererDir` that an `app://workstation/…` URL names, or null. Pure: it looks at
 * nothing on disk. Refused: another scheme or host, malformed percent-encoding, NUL, backslashes,
 * drive letters and anything that resolves outside the folder (compared with a trailing separator,
 * so a sibling folder named like it, `renderer-x`, is outside too). `/` means index.html.
 */
export function resolveAppPath(rendererDir: string, url: string, path: PathApi = nodePath): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\') || /^\/*[A-Za-z]:/.test(rel)) return null;
  if (rel === '' || rel === '/') rel = '/index.html';
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${rel}`);
  if (!file.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) return null;
  return file;
}

export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer> | string;
}

/** Reads a file, or null when there is no regular file there. */
export type ReadFile = (file: string) => Uint8Array<ArrayBuffer> | null;

export const readRegularFile: ReadFile = (file) => {
  try {
    return statSync(file).isFile() ? new Uint8Array(readFileSync(file)) : null;
  } catch {
    return null;
  }
};

/** The answer to one `app://` request: the file with its type and the app's CSP, or 404. GET only. */
export function appResponse(
  rendererDir: string,
  request: { url: string; method: string },
  read: ReadFile = readRegularFile,
): AppResponse {
  const plain = { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return { status: 405, headers: plain, body: 'method not allowed' };
  }
  const file = resolveAppPath(rendererDir, request.url);
  const bytes = file ? read(file) : null;
  if (!file || !bytes) return { status: 404, headers: plain, body: 'not found' };
  return {
    status: 200,
    headers: {
      'content-type': MIME[nodePath.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    },
    body: request.method === 'HEAD' ? '' : bytes,
  };
}

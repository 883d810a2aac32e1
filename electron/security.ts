/**
 * Security policy of the desktop window, as plain data and functions so tests can check it without
 * Electron. The wiring in main.ts applies it.
 */

/** Strict CSP: only our own scripts and styles; no eval, no inline script, no remote anything. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The BrowserWindow web preferences we insist on. */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
} as const;

/** The app never navigates: it is one page. Any navigation away from the app's own page is refused. */
export function isAllowedNavigation(target: string, appUrl: string): boolean {
  try {
    const t = new URL(target);
    const a = new URL(appUrl);
    return t.protocol === a.protocol && t.host === a.host && t.pathname === a.pathname;
  } catch {
    return false;
  }
}

/**
 * An IPC message is served only when it comes from the app's own main frame showing the app's own
 * page — not from a sub-frame, and not after some other page got loaded.
 */
export function isTrustedSender(sender: { url: string; isMainFrame: boolean } | null, appUrl: string): boolean {
  if (!sender?.isMainFrame) return false;
  return isAllowedNavigation(sender.url, appUrl);
}

/**
 * Web permissions the page may use: none, except writing plain text to the clipboard from the app's
 * own page (the copy buttons). Camera, microphone, geolocation, notifications from the page, MIDI, HID,
 * serial, USB, screen capture, fullscreen requests … are all refused, whether asked for (request
 * handler) or merely checked (check handler). OS notifications come from main, not from the page.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** The decision for one permission request or check, from the requesting page's URL or origin. */
export function isPermissionAllowed(permission: string, requestingUrl: string, appOrigin: string): boolean {
  if (!ALLOWED_PERMISSIONS.has(permission)) return false;
  return originOf(requestingUrl) !== null && originOf(requestingUrl) === originOf(appOrigin);
}

/**
 * `scheme://host` of a URL, or null. Not `URL.origin`: Node reports "null" for every non-special scheme
 * such as app:, which would make any two of them equal.
 */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.host === '' ? null : `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

/** Devices (HID, serial, USB, Bluetooth): never, for any page. */
export function isDevicePermissionAllowed(_details: { deviceType: string; origin: string }): boolean {
  return false;
}

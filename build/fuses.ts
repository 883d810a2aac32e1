/**
 * Electron fuses of the packaged app: flipped in the Electron binary at package time (electron-builder's
 * `electronFuses`, right before code signing), so they cannot be changed at run time. Every fuse of the
 * V1 wire is decided here — none is left to Electron's default — and a fuse Electron adds later fails
 * the check (`FUSE_CONFIG.strictlyRequireAllFuses`) until it is decided.
 *
 * Pure data and small functions: the unit test flips and reads back a fuse wire with @electron/fuses.
 */
import { type FuseConfig, FuseV1Options, FuseVersion } from '@electron/fuses';
import type { FuseOptionsV1 } from 'app-builder-lib';

/** Each fuse, on or off, and why. */
export const FUSES: Readonly<Record<FuseV1Options, boolean>> = {
  /** ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node interpreter. */
  [FuseV1Options.RunAsNode]: false,
  /** Chromium's cookie store encrypted with the OS key (DPAPI / Keychain / libsecret). */
  [FuseV1Options.EnableCookieEncryption]: true,
  /** NODE_OPTIONS (and NODE_EXTRA_CA_CERTS) ignored: no code injection through the environment. */
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  /** --inspect and SIGUSR1 ignored: no debugger attached to main on a bank desk. */
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  /** app.asar checked against the hash embedded at package time (macOS, Windows). */
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  /** Only app.asar is loaded: no `app/` folder or default app beside it can replace the code. */
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  /** One V8 snapshot for every process (Electron's default; we ship no custom snapshot). */
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  /**
   * file:// gets no more than Chrome gives it: the renderer is served from the app:// protocol (issue 19
   * item 3), so file:// needs no extra privileges. build/package.ts refuses to package a main bundle
   * that still loads the renderer with loadFile.
   */
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  /** WebAssembly trap handlers stay on (Electron's default; faster and safer bounds checks). */
  [FuseV1Options.WasmTrapHandlers]: true,
};

/** The @electron/fuses configuration: every fuse decided, strict about new ones. */
export const FUSE_CONFIG: FuseConfig = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  // electron-builder signs after flipping; an ad-hoc macOS signature is reset so it is recomputed.
  resetAdHocDarwinSignature: true,
  ...FUSES,
};

/** The same decisions in electron-builder's `electronFuses` shape (it has no WasmTrapHandlers key: default on). */
export function builderFuses(f: Readonly<Record<FuseV1Options, boolean>> = FUSES): FuseOptionsV1 {
  return {
    runAsNode: f[FuseV1Options.RunAsNode],
    enableCookieEncryption: f[FuseV1Options.EnableCookieEncryption],
    enableNodeOptionsEnvironmentVariable: f[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
    enableNodeCliInspectArguments: f[FuseV1Options.EnableNodeCliInspectArguments],
    enableEmbeddedAsarIntegrityValidation: f[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
    onlyLoadAppFromAsar: f[FuseV1Options.OnlyLoadAppFromAsar],
    loadBrowserProcessSpecificV8Snapshot: f[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot],
    grantFileProtocolExtraPrivileges: f[FuseV1Options.GrantFileProtocolExtraPrivileges],
    resetAdHocDarwinSignature: true,
  };
}

/** The fuses issue 19 requires, by name: what the test and the post-package check hold the binary to. */
export const REQUIRED_FUSES: Readonly<Partial<Record<keyof typeof FuseV1Options, boolean>>> = {
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableCookieEncryption: true,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
};

/**
 * Differences between a fuse wire read from a binary (`getCurrentFuseWire`, values are FuseState char
 * codes: '1' on, '0' off) and FUSES; empty when the binary is as configured.
 */
export function fuseWireDifferences(wire: Partial<Record<number, number>>): string[] {
  const on = '1'.charCodeAt(0);
  const off = '0'.charCodeAt(0);
  const out: string[] = [];
  for (const [key, want] of Object.entries(FUSES)) {
    const i = Number(key);
    const got = wire[i];
    const name = FuseV1Options[i];
    if (got !== (want ? on : off)) {
      const state = got === on ? 'on' : got === off ? 'off' : got === undefined ? 'absent' : `state ${got}`;
      out.push(`${name}: want ${want ? 'on' : 'off'}, binary has ${state}`);
    }
  }
  return out;
}

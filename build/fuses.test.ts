/**
 * The fuse configuration: the six fuses issue 19 requires, every V1 fuse decided, electron-builder's
 * shape saying the same thing — and @electron/fuses flipping a fuse wire as configured. No Electron
 * binary can be downloaded here, so the wire is a file laid out the way Electron embeds it: the
 * sentinel, the wire version, its length, then one byte per fuse.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseV1Options, flipFuses, getCurrentFuseWire } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { builderFuses, FUSE_CONFIG, FUSES, fuseWireDifferences, REQUIRED_FUSES } from './fuses';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const fuseNames = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k))) as (keyof typeof FuseV1Options)[];

/** A stand-in binary whose wire holds Electron's stock defaults. */
function fakeElectron(dir: string): string {
  // Stock Electron: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on, ASAR integrity off,
  // only-asar off, browser snapshot off, file:// privileges on, wasm trap handlers on.
  const stock = '101100011';
  const path = join(dir, 'electron');
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.from('\x7fELF padding before the wire '.repeat(50)),
      Buffer.from(SENTINEL),
      Buffer.from([1, stock.length]),
      Buffer.from(stock),
      Buffer.from(' padding after'.repeat(50)),
    ]),
  );
  return path;
}

describe('fuses', () => {
  it('holds the six fuses the issue requires', () => {
    for (const [name, want] of Object.entries(REQUIRED_FUSES)) {
      expect(FUSES[FuseV1Options[name as keyof typeof FuseV1Options]], name).toBe(want);
    }
    expect(Object.keys(REQUIRED_FUSES)).toHaveLength(6);
  });

  it('decides every fuse of the V1 wire and is strict about fuses added later', () => {
    for (const name of fuseNames) expect(typeof FUSES[FuseV1Options[name]], name).toBe('boolean');
    expect(Object.keys(FUSES)).toHaveLength(fuseNames.length);
    expect(FUSE_CONFIG.strictlyRequireAllFuses).toBe(true);
  });

  it('gives electron-builder the same decisions', () => {
    const b = builderFuses();
    expect(b).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    // A change to FUSES reaches the builder's shape.
    expect(builderFuses({ ...FUSES, [FuseV1Options.RunAsNode]: true }).runAsNode).toBe(true);
  });

  it('flips a stock fuse wire to the configuration, and the read-back check agrees', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fuses-'));
    const bin = fakeElectron(dir);
    const before = await getCurrentFuseWire(bin);
    expect(fuseWireDifferences(before)).toEqual([
      'RunAsNode: want off, binary has on',
      'EnableCookieEncryption: want on, binary has off',
      'EnableNodeOptionsEnvironmentVariable: want off, binary has on',
      'EnableNodeCliInspectArguments: want off, binary has on',
      'EnableEmbeddedAsarIntegrityValidation: want on, binary has off',
      'OnlyLoadAppFromAsar: want on, binary has off',
      'GrantFileProtocolExtraPrivileges: want off, binary has on',
    ]);
    const size = readFileSync(bin).length;
    await flipFuses(bin, FUSE_CONFIG);
    expect(readFileSync(bin).length).toBe(size);
    const after = await getCurrentFuseWire(bin);
    expect(fuseWireDifferences(after)).toEqual([]);
    expect(after[FuseV1Options.RunAsNode]).toBe('0'.charCodeAt(0));
    expect(after[FuseV1Options.OnlyLoadAppFromAsar]).toBe('1'.charCodeAt(0));
  });

  it('refuses a binary whose wire has a fuse the configuration does not decide', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fuses-'));
    const path = join(dir, 'electron-next');
    const wire = '1011000110'; // a tenth fuse from a future Electron
    writeFileSync(path, Buffer.concat([Buffer.from(SENTINEL), Buffer.from([1, wire.length]), Buffer.from(wire)]));
    await expect(flipFuses(path, FUSE_CONFIG)).rejects.toThrow(/strictlyRequireAllFuses/);
    expect(fuseWireDifferences(await getCurrentFuseWire(path))).not.toEqual([]);
  });
});

/**
 * The committed icons are complete and come from the mark: every PNG size with its stated dimensions,
 * the .ico with the sizes Windows asks for, the .icns with the macOS types, and the favicon.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAVICON_DIR, FAVICON_SIZES, ICONS_DIR, PNG_SIZES, renderPng } from './make-icons';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const pngSize = (b: Buffer) => {
  expect(b.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
};
/** The .ico directory: each entry's size (0 means 256) and whether its image is a PNG. */
const icoEntries = (b: Buffer) => {
  expect(b.readUInt16LE(2)).toBe(1);
  return Array.from({ length: b.readUInt16LE(4) }, (_, i) => {
    const e = 6 + 16 * i;
    const at = b.readUInt32LE(e + 12);
    return { size: b[e] || 256, png: b.subarray(at, at + 8).equals(PNG_MAGIC) };
  });
};

describe('icons', () => {
  it('has a PNG of every size from 16 to 1024, each its stated size', () => {
    for (const size of PNG_SIZES) {
      expect(pngSize(readFileSync(join(ICONS_DIR, 'png', `${size}x${size}.png`))), `${size}`).toEqual([size, size]);
    }
    expect(pngSize(readFileSync(join(ICONS_DIR, 'icon.png')))).toEqual([1024, 1024]);
  });

  it('the committed PNGs are the mark as rendered now (regenerate with npm run icons after changing it)', () => {
    const mark = readFileSync(join(ICONS_DIR, 'icon.svg'), 'utf8');
    const small = readFileSync(join(ICONS_DIR, 'icon-small.svg'), 'utf8');
    expect(renderPng(mark, 128).equals(readFileSync(join(ICONS_DIR, 'png', '128x128.png')))).toBe(true);
    expect(renderPng(small, 16).equals(readFileSync(join(ICONS_DIR, 'png', '16x16.png')))).toBe(true);
  });

  it('has a Windows .ico with 16 to 256 px and a macOS .icns up to 1024 px', () => {
    const sizes = icoEntries(readFileSync(join(ICONS_DIR, 'icon.ico'))).map((e) => e.size);
    for (const s of [16, 24, 32, 48, 64, 128, 256]) expect(sizes).toContain(s);
    const icns = readFileSync(join(ICONS_DIR, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4))
      types.push(icns.subarray(at, at + 4).toString('latin1'));
    // ic10 = 1024 px (512@2x), ic09 = 512, ic08 = 256, ic07 = 128.
    for (const t of ['ic10', 'ic09', 'ic08', 'ic07']) expect(types).toContain(t);
  });

  it('has a favicon for the renderer: an SVG and a 16/32/48 px .ico of PNGs', () => {
    expect(readFileSync(join(FAVICON_DIR, 'favicon.svg'), 'utf8')).toContain('<svg');
    const entries = icoEntries(readFileSync(join(FAVICON_DIR, 'favicon.ico')));
    expect(entries).toEqual(FAVICON_SIZES.map((size) => ({ size, png: true })));
    expect(readFileSync(join(FAVICON_DIR, '..', 'index.html'), 'utf8')).toContain('href="./favicon.ico"');
  });
});

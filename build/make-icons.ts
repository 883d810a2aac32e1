/**
 * The app's icons, generated from one vector mark (build/icons/icon.svg; a simpler cut for 16–32 px,
 * icon-small.svg): PNGs 16–1024 rendered with resvg, the Windows .ico and the macOS .icns made from the
 * 1024 px PNG by png2icons, and the renderer's favicon (renderer/public/). Run `npm run icons` after
 * changing the mark; the outputs are committed, so packaging does not need to render anything.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

const here = dirname(fileURLToPath(import.meta.url));
export const ICONS_DIR = join(here, 'icons');
export const FAVICON_DIR = join(here, '..', 'renderer', 'public');
/** Every PNG size shipped (Linux takes the folder; electron-builder names them NxN.png). */
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
/** Up to this size the simpler cut is used: the trend line would blur into the bars. */
const SMALL_MAX = 32;

export function renderPng(svg: string, size: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
}

/** The favicon's sizes: what browsers pick from; rendered from the vector, not scaled down. */
export const FAVICON_SIZES = [16, 32, 48] as const;

/** An .ico whose entries are PNGs (every browser and Windows Vista onwards read them). */
export function icoOfPngs(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, e);
    header.writeUInt8(size >= 256 ? 0 : size, e + 1);
    header.writeUInt16LE(1, e + 4); // colour planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

export function makeIcons(): string[] {
  const mark = readFileSync(join(ICONS_DIR, 'icon.svg'), 'utf8');
  const small = readFileSync(join(ICONS_DIR, 'icon-small.svg'), 'utf8');
  const written: string[] = [];
  const write = (path: string, bytes: Buffer | string) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    written.push(path);
  };
  for (const size of PNG_SIZES)
    write(join(ICONS_DIR, 'png', `${size}x${size}.png`), renderPng(size <= SMALL_MAX ? small : mark, size));
  const big = renderPng(mark, 1024);
  write(join(ICONS_DIR, 'icon.png'), big);
  const ico = png2icons.createICO(big, png2icons.BICUBIC2, 0, false, true);
  const icns = png2icons.createICNS(big, png2icons.BICUBIC2, 0);
  if (!ico || !icns) throw new Error('png2icons could not make the .ico or .icns');
  write(join(ICONS_DIR, 'icon.ico'), ico);
  write(join(ICONS_DIR, 'icon.icns'), icns);
  // The favicon: the small cut as SVG for current browsers, a 16/32/48 .ico for the rest.
  write(join(FAVICON_DIR, 'favicon.svg'), small);
  write(
    join(FAVICON_DIR, 'favicon.ico'),
    icoOfPngs(FAVICON_SIZES.map((size) => ({ size, png: renderPng(small, size) }))),
  );
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of makeIcons()) console.log(`wrote ${f}`);
}

import type { Manifest } from 'vite';

/**
 * The Vite manifest key of a source module's chunk: its source path, or — when Rollup merged shared
 * modules into a lazy entry's chunk, which then has no single facade module and is keyed `_Name-hash.js` —
 * the dynamic entry chunk named after the module. Read by the bundles bench and the bundles e2e test.
 */
export function chunkKey(manifest: Manifest, key: string): string {
  if (manifest[key]) return key;
  const name = key.replace(/^.*\//, '').replace(/\.[cm]?[jt]sx?$/, '');
  const merged = Object.keys(manifest).find((k) => manifest[k]!.isDynamicEntry && manifest[k]!.name === name);
  if (!merged) throw new Error(`${key} is not in the renderer's manifest`);
  return merged;
}

/**
 * Deterministic randomness for the sandbox: a string hash (xmur3) seeds a small fast generator (sfc32).
 * Every stream is keyed by its parts (seed, USCC, what, month…), so a value never depends on the order
 * things were generated in. Integers only — no Math.random, no clock.
 */
function xmur3(s: string): () => number {
  let h = 1779033703 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return h >>> 0;
  };
}

/** A 32-bit unsigned hash of the parts. */
export function hash32(...parts: readonly (string | number)[]): number {
  return xmur3(parts.join('\u241f'))();
}

export interface Rng {
  /** Next unsigned 32-bit integer. */
  u32(): number;
  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
  /** True with probability permille / 1000. */
  chance(permille: number): boolean;
  pick<T>(xs: readonly T[]): T;
  /** Picks by integer weights: `weighted([['a', 3], ['b', 1]])`. */
  weighted<T>(xs: readonly (readonly [T, number])[]): T;
}

/** A generator keyed by its parts: the same parts always give the same sequence. */
export function rng(...parts: readonly (string | number)[]): Rng {
  const h = xmur3(parts.join('\u241f'));
  let a = h();
  let b = h();
  let c = h();
  let d = h();
  const u32 = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32();
  // Modulo bias is at most range / 2^32: irrelevant for sandbox data.
  const int = (lo: number, hi: number) => lo + (u32() % (hi - lo + 1));
  return {
    u32,
    int,
    chance: (permille) => u32() % 1000 < permille,
    pick: (xs) => xs[u32() % xs.length]!,
    weighted(xs) {
      let total = 0;
      for (const [, w] of xs) total += w;
      let r = u32() % total;
      for (const [x, w] of xs) {
        if (r < w) return x;
        r -= w;
      }
      return xs[xs.length - 1]![0];
    },
  };
}

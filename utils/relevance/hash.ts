/**
 * Feature hashing (the "hashing trick", Weinberger et al. 2009): every term is mapped to one of
 * FEATURE_DIM buckets, so the model never needs a vocabulary and its size is fixed whatever the
 * reader's library grows to. 2^18 buckets keeps collisions rare for ~50,000 seen abstracts
 * (words and word pairs) while one weight vector stays 1 MB as Float32.
 */

export const FEATURE_BITS = 18;
export const FEATURE_DIM = 1 << FEATURE_BITS;

/** FNV-1a over UTF-16 code units, then murmur3's finaliser so low bits are well mixed. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i += 1) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Bucket of a namespaced term key such as `w:network` or `a:barboni r`. */
export function featureBucket(key: string): number {
  return hashString(key) & (FEATURE_DIM - 1);
}

/** Small deterministic PRNG (mulberry32): training must give the same model for the same labels. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

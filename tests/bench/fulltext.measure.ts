/**
 * Throughput of analyzeFulltext on real LaTeXML pages: the largest fixture (1.4 MB) and a
 * ~5 MB page made by concatenating the fixtures' article bodies. Plain timing, no vitest
 * bench API: `npm run bench` (tests/bench/pure.bench.ts) calls it and prints the numbers; the
 * unit test uses only buildBigPage/articleOf, for correctness.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyzeFulltext } from '../../utils/fulltext';
import { arxivFixturesDir } from '../helpers/shared-data.mjs';

export interface FulltextMeasurement {
  /** Millions of characters (string length; ~MB for these mostly-ASCII pages) per second, largest fixture. */
  mbPerSec: number;
  /** Median ms for one analysis of the ~5 MB page. */
  ms5mb: number;
  /** Median ms for one analysis of the largest fixture. */
  msLargest: number;
  largestChars: number;
  bigChars: number;
  /** JSON characters the statements add to a cached analysis, per fixture (issue 13: <= 60 KB). */
  statementsJsonChars: Record<string, number>;
  /** Analysis of the 5 MB page, so callers can check it still counts correctly. */
  bigFigureCount: number;
}

const BASE = 'https://arxiv.org/html/2401.00001v1/';

function fixturesDir(): string {
  // __dirname: vitest provides it in ESM test files; happy-dom's URL rejects file: URLs.
  return `${arxivFixturesDir()}/`;
}

/** The `<article ...>...</article>` element of a LaTeXML page. */
export function articleOf(html: string): string {
  const start = html.indexOf('<article');
  const end = html.lastIndexOf('</article>');
  if (start === -1 || end === -1) throw new Error('fixture has no <article>');
  return html.slice(start, end + '</article>'.length);
}

/** A LaTeXML-style page of at least `minChars`, built from the fixtures' article bodies. */
export function buildBigPage(minChars: number): { html: string; copies: Map<string, number> } {
  const dir = fixturesDir();
  const files = readdirSync(dir).filter((f) => f.startsWith('latexml-') && f.endsWith('.html')).sort();
  const bodies = files.map((f) => {
    const article = articleOf(readFileSync(dir + f, 'utf8'));
    // Inner content only, so the big page stays one article.ltx_document.
    return { f, inner: article.slice(article.indexOf('>') + 1, -'</article>'.length) };
  });
  const parts: string[] = [];
  const copies = new Map<string, number>();
  let size = 0;
  while (size < minChars) {
    for (const b of bodies) {
      parts.push(b.inner);
      copies.set(b.f, (copies.get(b.f) ?? 0) + 1);
      size += b.inner.length;
      if (size >= minChars) break;
    }
  }
  const html =
    '<!DOCTYPE html><html lang="en"><head><title>big</title></head><body>' +
    '<div class="ltx_page_main"><div class="ltx_page_content"><article class="ltx_document">' +
    parts.join('\n') +
    '</article></div></div></body></html>';
  return { html, copies };
}

function medianMs(fn: () => void, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

export async function measureFulltext(): Promise<FulltextMeasurement> {
  const dir = fixturesDir();
  const largest = readFileSync(dir + 'latexml-erdos-szekeres-custom-thm.html', 'utf8');
  const { html: big } = buildBigPage(5_000_000);
  // Warm up the JIT so the numbers describe steady state (the service worker analyses
  // many pages per session).
  for (let i = 0; i < 3; i++) analyzeFulltext(largest, BASE);
  const msLargest = medianMs(() => analyzeFulltext(largest, BASE), 9);
  analyzeFulltext(big, BASE);
  const ms5mb = medianMs(() => analyzeFulltext(big, BASE), 5);
  return {
    mbPerSec: largest.length / 1e6 / (msLargest / 1000),
    ms5mb,
    msLargest,
    largestChars: largest.length,
    bigChars: big.length,
    bigFigureCount: analyzeFulltext(big, BASE).figureCount,
    statementsJsonChars: Object.fromEntries(
      readdirSync(dir)
        .filter((f) => f.startsWith('latexml-') || f.includes('theorems-excerpt'))
        .map((f) => [f, JSON.stringify(analyzeFulltext(readFileSync(dir + f, 'utf8'), BASE).statements ?? []).length]),
    ),
  };
}

/**
 * Node half of `npm run bench` (run by tests/bench/run.mjs through vite-node): the pure
 * modules' timings, measured on the real fixtures. Prints one line `BENCH_JSON <json>` that
 * run.mjs formats; never asserts anything (timing targets live here, not in unit tests).
 *
 *   npx vite-node tests/bench/pure.bench.ts [--library out.json] [--metas out.json]
 *
 * --library writes a 10,000-paper library export (utils/library-io format) built from the
 * fixtures' real papers, for the popup benchmark; --metas writes the 2,000 PaperMeta records
 * of the long listing, for the browser's IndexedDB cache benchmark.
 */
import 'fake-indexeddb/auto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Window } from 'happy-dom';
import { parseArxivId } from '../../utils/arxiv-ids';
import { iterateListing, iterateSearchResults, toPaperMeta } from '../../utils/arxiv-page';
import { buildQueryUrls, DEFAULT_BATCH, parseAtomFeed } from '../../utils/arxiv-api';
import { getFulltext, getPapers, putPapers } from '../../background/db/cache';
import { listSavedIds } from '../../background/db/library';
import { openPithDb, type FulltextRow } from '../../background/db/schema';
import { toSavedRow, type SavedPaper } from '../../utils/saved-paper';
import { analyzeFulltext } from '../../utils/fulltext';
import { exportLibraryJson } from '../../utils/library-io';
import { filterRows } from '../../utils/library-query';
import type { PaperMeta } from '../../utils/paper';
import { extractTagline } from '../../utils/tagline';
import { toBibtex } from '../../utils/bibtex';
import { parseBibtexImport } from '../../utils/bibtex-import';
import { measureFulltext } from './fulltext.measure';
import { abstractOf, loadScitldr } from '../eval/scitldr';
// @ts-expect-error plain ESM JS helper without type declarations
import { makeLongListing } from './make-long-listing.mjs';
import { arxivFixturesDir } from '../helpers/shared-data.mjs';

/** Every entry, through the generator production reads the page with. */
const listingEntries = (doc: Document) => [...iterateListing(doc)];
const searchEntries = (doc: Document) => [...iterateSearchResults(doc)];

const FIXTURES = arxivFixturesDir();
const fixture = (name: string): string => readFileSync(resolve(FIXTURES, name), 'utf8');

function parseHtml(html: string, url = 'https://arxiv.org/'): Document {
  const window = new Window({ url, settings: { disableJavaScriptEvaluation: true, disableCSSFileLoading: true } });
  window.document.write(html);
  return window.document as unknown as Document;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

function arg(name: string): string | null {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? null) : null;
}

/** Every real paper the fixtures hold with an abstract: search results, the /new listing, API feeds. */
function fixturePapers(): PaperMeta[] {
  const out: PaperMeta[] = [];
  const search = parseHtml(fixture('search-results-abstract-distributed-systems-2025-12.html'), 'https://arxiv.org/search/');
  for (const e of searchEntries(search)) out.push(toPaperMeta(e));
  const list = parseHtml(fixture('list-new-cond-mat.mtrl-sci-2026-09-22-excerpt.html'), 'https://arxiv.org/list/cond-mat.mtrl-sci/new');
  for (const e of listingEntries(list)) out.push(toPaperMeta(e));
  for (const name of [
    'api-query-2entries-2025-10.xml',
    'api-query-idlist-1entry-2020.xml',
    'api-query-idlist-1207.7214-newformat-2026-05.xml',
    'api-query-idlist-2508.16190-newformat-2026-05.xml',
  ]) {
    const r = parseAtomFeed(fixture(name));
    if (r.ok) out.push(...r.entries);
  }
  return out.filter((p) => p.abstract);
}

// ---------------------------------------------------------------------------------------------

async function benchFulltext() {
  const m = await measureFulltext();
  const msPerMB = m.ms5mb / (m.bigChars / 1e6);
  // Hostile markup (moved from tests/unit/fulltext.test.ts): must stay linear.
  const hostile = [
    '<a "'.repeat(200_000),
    `<a title='${"'<a b='".repeat(100_000)}`,
    '<div class="ltx_theorem">'.repeat(100_000) + '</span>'.repeat(100_000),
    '<math alttext="x">'.repeat(200_000),
    '<figure class="ltx_figure"><figcaption>'.repeat(50_000),
    '<!--'.repeat(200_000),
    '<script>'.repeat(100_000),
  ];
  let hostileMax = 0;
  let hostileChars = 0;
  for (const h of hostile) {
    const t = performance.now();
    analyzeFulltext(h, 'https://arxiv.org/html/2401.00001v1/');
    hostileMax = Math.max(hostileMax, performance.now() - t);
    hostileChars = Math.max(hostileChars, h.length);
  }
  return { ...m, msPerMB, hostileMax, hostileChars };
}

async function benchCache(metas: PaperMeta[]) {
  const db = openPithDb(`bench-cache-${Date.now()}`);
  await putPapers(db, metas, 1);
  const ids = metas.map((m) => m.id);
  for (const m of metas.slice(0, 1_000)) {
    const row: FulltextRow = {
      key: `${m.id}@v${m.version ?? 1}`,
      id: m.id,
      version: m.version ?? 1,
      status: 'ok',
      seenAt: 1,
      analysis: { theorems: { Theorem: 1, Lemma: 2 }, figureCount: 3, firstFigure: { src: 'https://arxiv.org/html/x/x1.png', caption: 'A figure.' } },
    };
    await db.fulltext.put(row);
  }
  const refs = metas.map((m) => ({ id: m.id, version: m.version ?? 1 }));
  const gets: number[] = [];
  for (let i = 0; i < 5; i++) gets.push((await timeAsync(() => getPapers(db, ids))).ms);
  // The listing seen again hours later (every row's recency rewritten), then reloaded within
  // the hour (nothing to write): the path the background takes for each listing load.
  const later = 2 * 60 * 60 * 1000;
  const touchFirst = await timeAsync(() => putPapers(db, metas, later));
  const touchAgain = await timeAsync(() => putPapers(db, metas, later + 60_000));
  // One full-text cache read per card, as the cards ask for them.
  const readAll = () => Promise.all(refs.map((r) => getFulltext(db, r.id, r.version, later)));
  const ftFirst = await timeAsync(readAll);
  const ftAgain: number[] = [];
  for (let i = 0; i < 5; i++) ftAgain.push((await timeAsync(readAll)).ms);
  db.close();
  return {
    entries: metas.length,
    getPapersMs: median(gets),
    getPapersFirstMs: gets[0]!,
    touchWriteMs: touchFirst.ms,
    touchAgainMs: touchAgain.ms,
    fulltextHits: ftFirst.value.filter((r) => r !== undefined).length,
    getFulltextFirstMs: ftFirst.ms,
    getFulltextMs: median(ftAgain),
  };
}

async function benchSaved(library: SavedPaper[]) {
  // Moved from tests/unit/db.test.ts ("writes and reads 10,000 saved papers").
  const db = openPithDb(`bench-saved-${Date.now()}`);
  const rows = library.map(toSavedRow);
  const write = await timeAsync(() => db.transaction('rw', db.saved, () => db.saved.bulkPut(rows)));
  const read = await timeAsync(() => db.saved.orderBy('savedAt').reverse().toArray());
  const t = performance.now();
  const hits = filterRows(read.value, 'distributed consensus');
  const searchMs = performance.now() - t;
  const ids = await timeAsync(() => listSavedIds(db));
  db.close();
  return { papers: rows.length, writeMs: write.ms, readAllMs: read.ms, searchMs, searchHits: hits.length, listIdsMs: ids.ms };
}

function benchApi(metas: PaperMeta[]) {
  const needing = metas.filter((m) => !m.abstract).map((m) => m.id);
  const all = metas.map((m) => m.id);
  const urls = buildQueryUrls(needing);
  const urlsAll = buildQueryUrls(all);
  const spacingS = 3;
  return {
    entries: metas.length,
    idsNeedingApi: needing.length,
    requests: urls.length,
    idsPerRequestMax: Math.max(...urls.map((u) => u.split('id_list=')[1]!.split('&')[0]!.split(',').length)),
    maxUrlLength: Math.max(...urls.map((u) => u.length)),
    maxIdsSetting: DEFAULT_BATCH.maxIds,
    maxUrlSetting: DEFAULT_BATCH.maxUrlLength,
    // At most one request every 3 s: n requests take at least (n - 1) * 3 s after the first.
    minSeconds: Math.max(0, urls.length - 1) * spacingS,
    requestsAllIds: urlsAll.length,
    minSecondsAllIds: Math.max(0, urlsAll.length - 1) * spacingS,
    // The fewest requests the URL-length limit allows at all (ids are ~11 chars + comma).
    lowerBoundByUrl: Math.ceil(needing.join(',').length / (DEFAULT_BATCH.maxUrlLength - 80)),
  };
}

function benchTaglines(papers: { title: string; abstract: string | null }[]) {
  const inputs = Array.from({ length: 2000 }, (_, i) => papers[i % papers.length]!).map((p) => ({ title: p.title, abstract: p.abstract }));
  // Cold run first (includes regex compilation and JIT warm-up), then best of 5 on one core (CPU time).
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  for (const p of inputs) extractTagline(p);
  const coldWall = performance.now() - w0;
  const cold = process.cpuUsage(c0);
  let bestCpu = Infinity;
  let bestWall = Infinity;
  for (let round = 0; round < 5; round++) {
    const c = process.cpuUsage();
    const w = performance.now();
    for (const p of inputs) extractTagline(p);
    bestWall = Math.min(bestWall, performance.now() - w);
    const d = process.cpuUsage(c);
    bestCpu = Math.min(bestCpu, (d.user + d.system) / 1000);
  }
  // Determinism check, for the record (the unit tests assert it).
  const a = inputs.slice(0, papers.length).map((p) => JSON.stringify(extractTagline(p)));
  const b = inputs.slice(0, papers.length).map((p) => JSON.stringify(extractTagline(p)));
  return {
    abstracts: inputs.length,
    distinct: papers.length,
    coldWallMs: coldWall,
    coldCpuMs: (cold.user + cold.system) / 1000,
    bestCpuMs: bestCpu,
    bestWallMs: bestWall,
    deterministic: a.every((x, i) => x === b[i]),
  };
}

function benchIds() {
  // Moved from tests/unit/arxiv-ids.test.ts: adversarial input must not backtrack.
  const nasty = [`https://arxiv.org/abs/${'a/'.repeat(140)}`, `arXiv:${'-'.repeat(290)}`, `https://arxiv.org/pdf/${'.pdf'.repeat(60)}`];
  const t = performance.now();
  for (let i = 0; i < 1000; i++) for (const s of nasty) parseArxivId(s);
  return { parses: 3000, ms: performance.now() - t };
}

function benchParseListing(html: string) {
  // Moved from tests/unit/arxiv-page.test.ts: linear-time parse of the 2,000-entry page.
  const doc = parseHtml(html, 'https://arxiv.org/list/cs.CL/pastweek?show=2000');
  const t = performance.now();
  const entries = listingEntries(doc);
  return { entries: entries.length, ms: performance.now() - t, list: entries };
}

/**
 * Issue 12: parse a 5,000-entry .bib (the library's own BibTeX export of 5,000 saved papers,
 * arXiv's style, with a `keywords` line added to each), CPU ms, median of 5.
 */
function benchBibtex(library: SavedPaper[]) {
  let n = 0;
  const bib = toBibtex(library.slice(0, 5_000)).replace(/^(\s+)eprint=/gm, (m, indent: string) => `${indent}keywords={reading, t${n++ % 7}},\n${m}`);
  const runs: number[] = [];
  let entries = 0;
  for (let r = 0; r < 5; r += 1) {
    const before = process.cpuUsage();
    const res = parseBibtexImport(bib);
    const used = process.cpuUsage(before);
    runs.push((used.user + used.system) / 1000);
    entries = res.ok ? res.entries.length + res.duplicates : -1;
  }
  runs.sort((a, b) => a - b);
  return { entries, mb: bib.length / 1e6, cpuMs: runs[2]! };
}

/** A library of `n` saved papers from the fixtures' real papers, cycled with fresh ids. */
function buildLibrary(papers: PaperMeta[], n: number): SavedPaper[] {
  const base = Date.UTC(2026, 0, 1);
  return Array.from({ length: n }, (_, i) => {
    const p = papers[i % papers.length]!;
    const id = `26${String(1 + Math.floor(i / 1000)).padStart(2, '0')}.${String(10000 + i).padStart(5, '0')}`;
    return {
      ...p,
      id,
      version: p.version ?? 1,
      published: p.published ?? '2026-01-01',
      tagline: extractTagline({ title: p.title, abstract: p.abstract }),
      theorems: i % 3 === 0 ? { Theorem: 2, Lemma: 3 } : null,
      figureCount: i % 3 === 0 ? 4 : null,
      firstFigure: null,
      statements: null,
      savedAt: base + i * 60_000,
    };
  });
}

async function main() {
  const papers = fixturePapers();
  const long = benchParseListing((makeLongListing as (n?: number) => string)(2000));
  const metas = long.list.map(toPaperMeta);
  const library = buildLibrary(papers, 10_000);

  const libraryOut = arg('--library');
  if (libraryOut) writeFileSync(libraryOut, exportLibraryJson(library));
  const metasOut = arg('--metas');
  if (metasOut) writeFileSync(metasOut, JSON.stringify(metas));

  const result = {
    node: process.version,
    fixturePapers: papers.length,
    taglines: benchTaglines(papers),
    // Issue 10: 2,000 distinct real abstracts (SciTLDR train, then dev), not the fixtures cycled.
    taglinesScitldr: benchTaglines(
      [...loadScitldr('train'), ...loadScitldr('dev')].slice(0, 2000).map((p) => ({ title: p.title, abstract: abstractOf(p) })),
    ),
    fulltext: await benchFulltext(),
    cache: await benchCache(metas),
    saved: await benchSaved(library),
    bibtex: benchBibtex(library),
    api: benchApi(metas),
    ids: benchIds(),
    parseListing: { entries: long.entries, ms: long.ms },
    libraryBytes: libraryOut ? readFileSync(libraryOut).length : null,
  };
  console.log(`BENCH_JSON ${JSON.stringify(result)}`);
}

await main();

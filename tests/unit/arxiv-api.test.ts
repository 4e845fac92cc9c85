import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  API_ENDPOINT,
  buildQueryUrls,
  fetchPapers,
  parseAtomFeed,
  parseRequestId,
  type AtomParseResult,
  type RequestQueue,
} from '../../utils/arxiv-api';
import type { HttpResult } from '../../background/http';
import type { PaperMeta } from '../../utils/paper';
import { arxivFixturesDir } from '../helpers/shared-data.mjs';

const fixture = (name: string): string => readFileSync(resolve(arxivFixturesDir(), name), 'utf8');

const OLD_2ENTRIES = fixture('api-query-2entries-2025-10.xml');
const OLD_1601 = fixture('api-query-idlist-1entry-2020.xml');
const NEW_1207 = fixture('api-query-idlist-1207.7214-newformat-2026-05.xml');
const NEW_2508 = fixture('api-query-idlist-2508.16190-newformat-2026-05.xml');
const ERROR_NEW = fixture('api-error-invalid-query-newformat-2026-10.xml');

function ok(result: AtomParseResult): Extract<AtomParseResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected a feed, got ${result.error.kind}: ${result.error.message}`);
  return result;
}

function only(result: AtomParseResult): PaperMeta {
  const feed = ok(result);
  expect(feed.entries).toHaveLength(1);
  return feed.entries[0]!;
}

describe('parseAtomFeed: old (pre-2025) format', () => {
  it('reads both entries of a search feed with field-level fidelity', () => {
    const feed = ok(parseAtomFeed(OLD_2ENTRIES));
    expect(feed.totalResults).toBe(5619);
    expect(feed.problems).toEqual([]);
    expect(feed.entries.map((e) => [e.id, e.version])).toEqual([
      ['2510.14968', 1],
      ['2510.14827', 1],
    ]);
    const [first, second] = feed.entries;
    // The title is wrapped at 80 columns with a two-space indent in the raw feed.
    expect(first!.title).toBe('RDD: Retrieval-Based Demonstration Decomposer for Planner Alignment in Long-Horizon Tasks');
    expect(first!.authors).toEqual(['Mingxuan Yan', 'Yuping Wang', 'Zechun Liu', 'Jiachen Li']);
    expect(first!.comments).toBe(
      '39th Conference on Neural Information Processing Systems (NeurIPS 2025); Project Website: rdd-neurips.github.io',
    );
    expect(first!.primaryCategory).toBe('cs.RO');
    expect(first!.categories).toEqual(['cs.RO', 'cs.AI', 'cs.CV', 'cs.LG', 'cs.SY', 'eess.SY']);
    expect(first!.published).toBe('2025-10-16');
    expect(first!.updated).toBe('2025-10-16');
    expect(first!.journalRef).toBeNull();
    expect(first!.doi).toBeNull();
    expect(first!.hasHtml).toBeNull();
    expect(first!.abstract).toMatch(/^To tackle long-horizon tasks, recent hierarchical vision-language-action \(VLAs\) frameworks employ/);
    expect(first!.abstract).toMatch(/Code and more results are available at rdd-neurips\.github\.io\.$/);
    expect(first!.abstract).not.toMatch(/\s{2}|\n/);

    expect(second!.title).toBe('Neural Implicit Flow Fields for Spatio-Temporal Motion Mapping');
    expect(second!.authors).toHaveLength(6);
    expect(second!.authors[5]).toBe('Martin Magnusson');
    expect(second!.comments).toBeNull();
    expect(second!.categories).toEqual(['cs.RO']);
  });

  it('reads DOI, journal ref and dates of 1601.00001', () => {
    const paper = only(parseAtomFeed(OLD_1601));
    expect(paper).toMatchObject({
      id: '1601.00001',
      version: 1,
      title: 'Inelastic effects in molecular transport junctions: The probe technique at high bias',
      authors: ['Michael Kilgour', 'Dvira Segal'],
      doi: '10.1063/1.4944470',
      journalRef: 'J. Chem. Phys. 144, 124107 (2016)',
      comments: null,
      primaryCategory: 'cond-mat.mes-hall',
      categories: ['cond-mat.mes-hall'],
      published: '2015-12-26',
      updated: '2015-12-26',
      hasHtml: null,
    });
    // TeX and quotes stay as the author wrote them; nothing is interpreted.
    expect(paper.abstract).toContain('We extend the Landauer-B\\"uttiker probe formalism');
    expect(paper.abstract).toContain('"dephasing probe"');
    expect(paper.abstract).toContain('$I$-$V$ characteristics');
  });
});

describe('parseAtomFeed: new (2025+) format', () => {
  it('reads 1207.7214 with comment, journal ref, DOI and decoded entities', () => {
    const feed = ok(parseAtomFeed(NEW_1207));
    expect(feed.totalResults).toBe(1);
    const paper = feed.entries[0]!;
    expect(paper).toMatchObject({
      id: '1207.7214',
      version: 2,
      title: 'Observation of a new particle in the search for the Standard Model Higgs boson with the ATLAS detector at the LHC',
      authors: ['The ATLAS Collaboration'],
      journalRef: 'Phys.Lett. B716 (2012) 1-29',
      doi: '10.1016/j.physletb.2012.08.020',
      primaryCategory: 'hep-ex',
      categories: ['hep-ex'],
      published: '2012-07-31',
      updated: '2012-08-31',
    });
    expect(paper.comments).toBe(
      '24 pages plus author list (38 pages total), 12 figures, 7 tables, revised author list, matches version to appear in Physics Letters B',
    );
    // `H-&gt;ZZ` in the XML is the text "H->ZZ", decoded exactly once.
    expect(paper.abstract).toContain('H->ZZ^(*)->llll, H->gamma gamma and H->WW->e nu mu nu');
    expect(paper.abstract).not.toContain('&gt;');
  });

  it('reads 2508.16190 (minimal entry, non-ASCII author)', () => {
    const paper = only(parseAtomFeed(NEW_2508));
    expect(paper).toMatchObject({
      id: '2508.16190',
      version: 1,
      title: 'ComicScene154: A Scene Dataset for Comic Analysis',
      authors: ['Sandro Paval', 'Ivan P. Yamshchikov', 'Pascal Meißner'],
      comments: null,
      journalRef: null,
      doi: null,
      primaryCategory: 'cs.CL',
      categories: ['cs.CL'],
      published: '2025-08-22',
      updated: '2025-08-22',
    });
    expect(paper.abstract).toMatch(/^Comics offer a compelling yet under-explored domain/);
  });
});

describe('parseAtomFeed: old-style ids in entries', () => {
  it('reads archive/number ids with their version', () => {
    const xml = NEW_2508.replace('<id>http://arxiv.org/abs/2508.16190v1</id>', '<id>http://arxiv.org/abs/math/0601001v2</id>');
    expect(only(parseAtomFeed(xml))).toMatchObject({ id: 'math/0601001', version: 2 });
  });
});

describe('parseAtomFeed: the API error feed', () => {
  it('turns the new-format error feed into an api-error with its message', () => {
    expect(parseAtomFeed(ERROR_NEW)).toEqual({ ok: false, error: { kind: 'api-error', message: "Invalid query string: '('" } });
  });

  it('turns an old-style incorrect_id_format entry into a per-id problem', () => {
    // Shape of the old API's answer to a malformed id in id_list (arXiv/arxiv-search#257).
    const xml = NEW_2508.replace(
      /<entry>[\s\S]*<\/entry>/,
      `<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.5678</id><title>Error</title>
       <summary>incorrect id format for 1234.5678</summary><updated>2020-01-17T00:00:00-05:00</updated>
       <author><name>arXiv api core</name></author></entry>`,
    );
    const feed = ok(parseAtomFeed(xml));
    expect(feed.entries).toEqual([]);
    expect(feed.problems).toEqual([{ id: '1234.5678', message: 'incorrect id format for 1234.5678' }]);
  });

  it('turns an old-style whole-query error into an api-error', () => {
    const xml = OLD_1601.replace(
      /<entry>[\s\S]*<\/entry>/,
      `<entry><id>http://arxiv.org/api/errors#start_must_be_an_integer</id><title>Error</title>
       <summary>start must be an integer</summary></entry>`,
    );
    expect(parseAtomFeed(xml)).toEqual({ ok: false, error: { kind: 'api-error', message: 'start must be an integer' } });
  });

  it('reports a hollow entry (old API, non-existent id) as a problem, not a paper', () => {
    const xml = OLD_1601.replace(/<entry>[\s\S]*<\/entry>/, '<entry><id>http://arxiv.org/abs/1601.99999</id><title></title><summary></summary></entry>');
    const feed = ok(parseAtomFeed(xml));
    expect(feed.entries).toEqual([]);
    expect(feed.problems).toEqual([{ id: '1601.99999', message: 'arXiv has no paper with this id' }]);
  });
});

describe('parseAtomFeed: bad input is a typed error, never a throw', () => {
  it('empty and whitespace-only', () => {
    expect(parseAtomFeed('')).toMatchObject({ ok: false, error: { kind: 'empty' } });
    expect(parseAtomFeed('  \n ')).toMatchObject({ ok: false, error: { kind: 'empty' } });
    expect(parseAtomFeed(undefined as unknown as string)).toMatchObject({ ok: false, error: { kind: 'empty' } });
  });

  it('truncated at every eighth of a real feed', () => {
    for (const source of [OLD_2ENTRIES, NEW_1207]) {
      for (let i = 1; i < 8; i++) {
        const cut = source.slice(0, Math.floor((source.length * i) / 8));
        const result = parseAtomFeed(cut);
        expect(result.ok, `cut at ${i}/8`).toBe(false);
        if (!result.ok) expect(['malformed', 'empty']).toContain(result.error.kind);
      }
    }
  });

  it('truncated right after the last </entry> (would silently look complete to a lenient parser)', () => {
    const cut = OLD_2ENTRIES.slice(0, OLD_2ENTRIES.lastIndexOf('</entry>') + '</entry>'.length);
    expect(parseAtomFeed(cut)).toMatchObject({ ok: false, error: { kind: 'malformed' } });
  });

  it('an HTML error page instead of XML', () => {
    const html = '<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>Retry<br>later</body></html>';
    expect(parseAtomFeed(html)).toMatchObject({ ok: false, error: { kind: 'not-atom' } });
    expect(parseAtomFeed('<html><body>x</body></html>')).toMatchObject({ ok: false, error: { kind: 'not-atom' } });
  });

  it('well-formed XML that is not a feed', () => {
    expect(parseAtomFeed('<?xml version="1.0"?><rss><channel/></rss>')).toEqual({
      ok: false,
      error: { kind: 'not-atom', message: 'expected an Atom <feed>, got <rss>' },
    });
  });

  it('garbage, JSON, prototype-polluting names, deep nesting', () => {
    expect(parseAtomFeed('not xml at all')).toMatchObject({ ok: false, error: { kind: 'malformed' } });
    expect(parseAtomFeed('{"feed": []}')).toMatchObject({ ok: false, error: { kind: 'malformed' } });
    const proto = parseAtomFeed('<feed><__proto__><polluted>1</polluted></__proto__></feed>');
    expect(proto.ok === false || proto.entries.length === 0).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const deep = `<feed>${'<a>'.repeat(500)}${'</a>'.repeat(500)}</feed>`;
    expect(() => parseAtomFeed(deep)).not.toThrow();
  });

  it('does not expand DOCTYPE entities (no XML bombs)', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
      <feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2508.16190v1</id><title>&b;</title><published>2025-08-22T00:00:00Z</published></entry></feed>`;
    const result = parseAtomFeed(bomb);
    if (result.ok) expect(result.entries[0]?.title).toBe('&b;');
  });

  it('an entry without an id or with a non-arXiv id is a problem; the others still parse', () => {
    const xml = NEW_2508.replace('<entry>', '<entry><title>stray</title></entry><entry><id>https://example.org/x</id><title>t</title></entry><entry>');
    const feed = ok(parseAtomFeed(xml));
    expect(feed.entries.map((e) => e.id)).toEqual(['2508.16190']);
    expect(feed.problems).toHaveLength(2);
    expect(feed.problems.every((p) => p.id === null)).toBe(true);
  });
});

describe('text decoding: XML entities once, never HTML', () => {
  it('keeps escaped markup in titles as literal text, and keeps numbers as strings', () => {
    const xml = NEW_2508.replace(
      '<title>ComicScene154: A Scene Dataset for Comic Analysis</title>',
      '<title>H&lt;sub&gt;2&lt;/sub&gt;O &amp;amp; Caf&#233; &lt;script&gt;x&lt;/script&gt;</title>',
    ).replace('<name>Sandro Paval</name>', '<name>1984</name>');
    const paper = only(parseAtomFeed(xml));
    expect(paper.title).toBe('H<sub>2</sub>O &amp; Café <script>x</script>');
    expect(paper.authors[0]).toBe('1984');
  });

  it('CDATA content is taken literally (not entity-decoded)', () => {
    const xml = NEW_2508.replace('<title>ComicScene154: A Scene Dataset for Comic Analysis</title>', '<title><![CDATA[A &amp; B]]></title>');
    expect(only(parseAtomFeed(xml)).title).toBe('A &amp; B');
  });
});

describe('parseRequestId and buildQueryUrls', () => {
  it('accepts new- and old-style ids with versions, prefixes and URLs; rejects anything else', () => {
    expect(parseRequestId('2508.16190')).toEqual({ base: '2508.16190', version: null, query: '2508.16190' });
    expect(parseRequestId(' arXiv:2508.16190v3 ')).toEqual({ base: '2508.16190', version: 3, query: '2508.16190v3' });
    expect(parseRequestId('math/0601001v1')).toEqual({ base: 'math/0601001', version: 1, query: 'math/0601001v1' });
    expect(parseRequestId('https://arxiv.org/abs/hep-th/9901001')).toEqual({ base: 'hep-th/9901001', version: null, query: 'hep-th/9901001' });
    for (const bad of ['', 'foo', '2508.16190&max_results=5000', '2508.16190 OR 1', '../2508.16190', '2508.16190v0', 'math/06010011']) {
      expect(parseRequestId(bad), bad).toBeNull();
    }
  });

  it('builds one URL with explicit max_results, deduplicated, order kept, old-style slash literal', () => {
    const urls = buildQueryUrls(['2508.16190', 'math/0601001', '2508.16190', 'arXiv:2508.16190', '1207.7214v2', 'not an id']);
    expect(urls).toEqual([`${API_ENDPOINT}?id_list=2508.16190,math/0601001,1207.7214v2&max_results=3`]);
    expect(new URL(urls[0]!).searchParams.get('id_list')).toBe('2508.16190,math/0601001,1207.7214v2');
  });

  it('never lets input characters reach the URL unvalidated', () => {
    expect(buildQueryUrls(['2508.16190&search_query=all:x', '<script>', '2508.16190#x'])).toEqual([]);
    expect(buildQueryUrls([])).toEqual([]);
  });

  it('splits at 100 ids per request by default', () => {
    const ids = Array.from({ length: 250 }, (_, i) => `2601.${String(i + 1).padStart(5, '0')}`);
    const urls = buildQueryUrls(ids);
    expect(urls).toHaveLength(3);
    const lists = urls.map((u) => new URL(u).searchParams.get('id_list')!.split(','));
    expect(lists.map((l) => l.length)).toEqual([100, 100, 50]);
    expect(lists.flat()).toEqual(ids);
    expect(urls.map((u) => new URL(u).searchParams.get('max_results'))).toEqual(['100', '100', '50']);
    for (const url of urls) expect(url.length).toBeLessThanOrEqual(2_000);
  });

  it('splits on URL length when ids are long (old-style, versioned)', () => {
    const ids = Array.from({ length: 100 }, (_, i) => `cond-mat/0${String(601001 + i)}v12`);
    const urls = buildQueryUrls(ids);
    expect(urls.length).toBeGreaterThan(1);
    for (const url of urls) expect(url.length).toBeLessThanOrEqual(2_000);
    expect(urls.flatMap((u) => new URL(u).searchParams.get('id_list')!.split(','))).toEqual(ids);
    // Each batch is as full as the limit allows: adding the next id would overflow.
    const firstCount = new URL(urls[0]!).searchParams.get('id_list')!.split(',').length;
    expect(buildQueryUrls(ids.slice(0, firstCount + 1))).toHaveLength(2);
    expect(buildQueryUrls(ids.slice(0, firstCount))).toHaveLength(1);
  });

  it('honours custom limits', () => {
    const ids = ['2508.16190', '1207.7214', '1601.00001'];
    expect(buildQueryUrls(ids, { maxIds: 2 })).toHaveLength(2);
    expect(buildQueryUrls(ids, { maxIds: 1 })).toHaveLength(3);
    // A limit too small for any id still yields one id per request, never an empty one.
    expect(buildQueryUrls(ids, { maxUrlLength: 10 })).toHaveLength(3);
  });
});

describe('fetchPapers', () => {
  function queue(respond: (url: string) => HttpResult | Promise<HttpResult>): RequestQueue & { urls: string[] } {
    const urls: string[] = [];
    return {
      urls,
      request: vi.fn(async (url: string) => {
        urls.push(url);
        return respond(url);
      }),
    };
  }

  it('maps found, missing (not returned), and invalid ids; one request for the batch', async () => {
    const scheduler = queue(() => ({ ok: true, status: 200, text: NEW_2508 }));
    const results = await fetchPapers(['2508.16190', 'arXiv:2508.16190', '2601.99999', 'garbage'], { scheduler });
    expect(scheduler.urls).toEqual([`${API_ENDPOINT}?id_list=2508.16190,2601.99999&max_results=2`]);
    expect(results.get('2508.16190')).toMatchObject({ status: 'found', paper: { id: '2508.16190', version: 1 } });
    expect(results.get('arXiv:2508.16190')).toMatchObject({ status: 'found', paper: { id: '2508.16190' } });
    expect(results.get('2601.99999')).toMatchObject({ status: 'missing' });
    expect(results.get('garbage')).toMatchObject({ status: 'error', error: { kind: 'invalid-id' } });
  });

  it('a versioned request only matches that version', async () => {
    const scheduler = queue(() => ({ ok: true, status: 200, text: NEW_1207 }));
    const results = await fetchPapers(['1207.7214v2', '1207.7214v1'], { scheduler });
    expect(results.get('1207.7214v2')).toMatchObject({ status: 'found', paper: { version: 2 } });
    expect(results.get('1207.7214v1')).toMatchObject({ status: 'missing' });
  });

  it('reports an id the API calls malformed as missing, with its message', async () => {
    const xml = OLD_1601.replace(
      '</feed>',
      '<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1601.00002</id><title>Error</title><summary>incorrect id format for 1601.00002</summary></entry></feed>',
    );
    const results = await fetchPapers(['1601.00001', '1601.00002'], { scheduler: queue(() => ({ ok: true, status: 200, text: xml })) });
    expect(results.get('1601.00001')).toMatchObject({ status: 'found', paper: { doi: '10.1063/1.4944470' } });
    expect(results.get('1601.00002')).toEqual({ status: 'missing', message: 'incorrect id format for 1601.00002' });
  });

  it('turns fetch failures and unusable responses into per-id errors', async () => {
    const responses: HttpResult[] = [
      { ok: false, error: { kind: 'timeout', message: 'no response within 20000 ms', timeoutMs: 20_000 } },
      { ok: true, status: 200, text: OLD_2ENTRIES.slice(0, 1000) },
      { ok: false, error: { kind: 'http', status: 400, message: 'HTTP 400', body: ERROR_NEW, retryAfterMs: null } },
    ];
    const scheduler = queue(() => responses.shift()!);
    const results = await fetchPapers(['2601.00001', '2601.00002', '2601.00003'], { scheduler, maxIds: 1 });
    expect(results.get('2601.00001')).toMatchObject({ status: 'error', error: { kind: 'fetch', cause: { kind: 'timeout' } } });
    expect(results.get('2601.00002')).toMatchObject({ status: 'error', error: { kind: 'malformed' } });
    expect(results.get('2601.00003')).toMatchObject({
      status: 'error',
      error: { kind: 'fetch', message: "HTTP 400: Invalid query string: '('", cause: { status: 400 } },
    });
  });

  it('survives a scheduler that rejects', async () => {
    const scheduler: RequestQueue = { request: () => Promise.reject(new Error('boom')) };
    const results = await fetchPapers(['2508.16190'], { scheduler });
    expect(results.get('2508.16190')).toMatchObject({ status: 'error', error: { kind: 'fetch', cause: { kind: 'network' } } });
  });

  it('passes priority and signal through to the scheduler', async () => {
    const scheduler = queue(() => ({ ok: true, status: 200, text: NEW_2508 }));
    const controller = new AbortController();
    await fetchPapers(['2508.16190'], { scheduler, priority: 'high', signal: controller.signal });
    expect(scheduler.request).toHaveBeenCalledWith(expect.any(String), { priority: 'high', signal: controller.signal, check: expect.any(Function) });
  });
});

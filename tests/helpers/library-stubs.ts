/**
 * Real papers and a stub metadata service for the library tests (library-service, library-sync):
 * PaperMeta parsed from saved export-API responses in the shared fixtures.
 */
import { readFileSync } from 'node:fs';
import { parseAtomFeed } from '../../utils/arxiv-api';
import type { MetadataService } from '../../background/metadata-service';
import type { PapersResult, Priority } from '../../utils/messaging';
import type { PaperMeta } from '../../utils/paper';
import type { SavedPaper } from '../../utils/saved-paper';
import { extractTagline } from '../../utils/tagline';
import { arxivFixturesDir } from './shared-data.mjs';

export const REAL_META = new Map<string, PaperMeta>();
for (const f of [
  'api-query-idlist-1207.7214-newformat-2026-05.xml',
  'api-query-idlist-2508.16190-newformat-2026-05.xml',
  'api-query-idlist-1entry-2020.xml',
  'api-query-2entries-2025-10.xml',
]) {
  const feed = parseAtomFeed(readFileSync(`${arxivFixturesDir()}/${f}`, 'utf8'));
  if (!feed.ok) throw new Error(`fixture ${f} does not parse`);
  for (const p of feed.entries) REAL_META.set(p.id, p);
}

/** A MetadataService that knows the fixture papers and nothing else; records what it was asked. */
export class StubMetadata implements MetadataService {
  calls: { ids: string[]; priority: Priority }[] = [];
  async get(ids: string[], priority: Priority): Promise<PapersResult> {
    this.calls.push({ ids: [...ids], priority });
    const result: PapersResult = { papers: {}, failed: {} };
    for (const id of ids) {
      const meta = REAL_META.get(id);
      if (meta) result.papers[id] = meta;
      else result.failed[id] = { reason: 'missing', message: 'arXiv returned no entry for this id' };
    }
    return result;
  }
}

export function snapshot(meta: PaperMeta, savedAt: number): SavedPaper {
  return {
    ...meta,
    tagline: extractTagline({ title: meta.title, abstract: meta.abstract }),
    theorems: { Theorem: 2, Lemma: 1 },
    figureCount: 3,
    firstFigure: { src: `https://arxiv.org/html/${meta.id}v${meta.version ?? 1}/x1.png`, caption: 'Figure 1' },
    statements: null,
    savedAt,
  };
}

export async function until(what: string, fn: () => boolean | Promise<boolean>, tries = 400): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never happened: ${what}`);
}

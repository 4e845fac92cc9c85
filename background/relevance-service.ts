/**
 * The relevance model in the background (issue 12): one RelevanceEngine (utils/relevance)
 * learns from the reader's labels — saved = positive (with its tags), "not interested" =
 * negative, seen-and-passed = weak negative — and scores the cards a listing asks about.
 *
 * Labels come from three places: the library (saved), the "not interested" mark and the
 * sightings of the triage (background/seen-service.ts), the last two by id: the paper's text is
 * read from the metadata cache (a paper the cache no longer holds cannot be a label; its id
 * alone says nothing the model can learn). Passed labels are given the time of the sighting, so
 * the half-life makes old ones weigh less.
 *
 * Training runs after each label (coalesced over a short pause, so an import of 500 papers
 * trains once). The engine's state is kept in IndexedDB (`relevance` table), never in
 * storage.sync: weights are derived data, rebuilt from the labels on any browser.
 */
import { RelevanceEngine, type RelevanceInput, type RelevanceResult } from '@/utils/relevance';
import type { SavedRow } from '@/utils/saved-paper';
import { getPapers } from './db/cache';
import { newestSightings } from './db/seen';
import type { PithDb } from './db/schema';

/** Labels arriving within this pause train once. */
const TRAIN_DELAY_MS = 300;
/** State is written at most this often (a 10,000-paper state is a few MB). */
const PERSIST_DELAY_MS = 5_000;
const STATE_KEY = 'engine';
/** Terms shown per card. */
const WHY_TERMS = 3;
/** Sightings read back as passed labels when the model is rebuilt (newest first). */
const REBUILD_PASSED = 20_000;
/** Saved papers labelled per task when the library changes (an import can add 10,000). */
const LABEL_CHUNK = 250;

/** What a card shows of one paper's score. */
export interface RelevanceView {
  score: number;
  like: string | null;
  terms: string[];
}

export interface RelevanceService {
  /** Papers a listing showed: their terms count in the document frequencies. */
  observe(papers: readonly RelevanceInput[]): Promise<void>;
  /** The library changed: label the added (or re-tagged) ids as saved, unlabel the removed. */
  libraryChanged(added: readonly string[], removed: readonly string[]): Promise<void>;
  label(paper: RelevanceInput, kind: 'not-interested' | 'passed', on: boolean): Promise<void>;
  /** The same by id, the paper's text from the metadata cache (the triage knows only ids). */
  labelIds(ids: readonly string[], kind: 'not-interested' | 'passed', on: boolean): Promise<void>;
  /** Scores for these papers; null when no paper is saved yet (no model, cards show none). */
  score(papers: readonly RelevanceInput[]): Promise<Record<string, RelevanceView> | null>;
  /** Train now if labels changed, and write the state now. */
  flush(): Promise<void>;
}

function toInput(row: SavedRow | RelevanceInput): RelevanceInput {
  return { id: row.id, title: row.title, authors: row.authors, abstract: row.abstract, categories: row.categories };
}

export function toView(r: RelevanceResult): RelevanceView | null {
  if (r.mode === 'none') return null;
  return {
    score: Math.max(0, Math.min(1, r.score)),
    like: r.nearest && r.nearest.similarity > 0 ? r.nearest.title : null,
    terms: r.why.slice(0, WHY_TERMS).map((w) => w.term),
  };
}

/**
 * One triage label on or off. A stronger label is never replaced by a weaker one (a saved paper
 * passed again stays saved), and "off" removes only the label it names.
 */
function applyLabel(engine: RelevanceEngine, id: string, paper: RelevanceInput | null, kind: 'not-interested' | 'passed', on: boolean, at: number): boolean {
  const current = engine.labelOf(id);
  if (!on) {
    if (current !== kind) return false;
    engine.unlabel(id);
    return true;
  }
  if (!paper || current === 'saved' || current === kind || (kind === 'passed' && current !== null)) return false;
  engine.label(paper, { kind, at });
  return true;
}

export function createRelevanceService(db: PithDb, now: () => number = Date.now): RelevanceService {
  let ready: Promise<RelevanceEngine> | null = null;
  let dirty = false;
  let trainTimer: ReturnType<typeof setTimeout> | null = null;
  let persistTimer: ReturnType<typeof setTimeout> | null = null;
  /** Operations on the engine run one after another. */
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(op: (engine: RelevanceEngine) => T | Promise<T>): Promise<T> => {
    const next = chain.catch(() => undefined).then(async () => op(await load()));
    chain = next;
    return next;
  };

  /** The stored engine, or one built from the library (first run, or a state from another build). */
  const load = (): Promise<RelevanceEngine> => {
    ready ??= (async () => {
      const row = await db.relevance.get(STATE_KEY).catch(() => undefined);
      if (row) {
        const restored = RelevanceEngine.fromState(row.state);
        if (restored.ok) return restored.engine;
        console.info('[arXiv Pith] relevance state not used, rebuilt from the library:', restored.message);
      }
      const engine = new RelevanceEngine();
      const saved = await db.saved.toArray();
      engine.observe(saved.map(toInput));
      for (const r of saved) engine.label(toInput(r), { kind: 'saved', at: r.savedAt, tags: r.tags ?? [] });
      // The triage's labels: "not interested", then the newest sightings as passed.
      const marks = (await db.labels.toArray().catch(() => [])).filter((l) => l.label === 'not-interested');
      const seen = await newestSightings(db, REBUILD_PASSED).catch(() => []);
      const at = new Map<string, number>([...seen.map((s) => [s.id, s.firstSeen] as const), ...marks.map((l) => [l.id, l.at] as const)]);
      const ids = [...at.keys()];
      const papers = ids.length > 0 ? await getPapers(db, ids).catch(() => []) : [];
      const marked = new Set(marks.map((l) => l.id));
      for (const p of papers) {
        if (!p) continue;
        engine.label(toInput(p), { kind: marked.has(p.id) ? 'not-interested' : 'passed', at: at.get(p.id) ?? now() });
      }
      engine.train(now(), { full: true });
      schedulePersist();
      return engine;
    })();
    return ready;
  };

  const persist = () =>
    serial(async (engine) => {
      await db.relevance.put({ key: STATE_KEY, state: engine.toState(), savedAt: now() });
    }).catch((error) => console.warn('[arXiv Pith] could not keep the relevance model:', error));

  function schedulePersist() {
    if (persistTimer) return;
    persistTimer = setTimeout(() => {
      persistTimer = null;
      void persist();
    }, PERSIST_DELAY_MS);
  }

  /** Train if labels changed; runs inside `serial`. */
  const trainIfDirty = (engine: RelevanceEngine) => {
    if (trainTimer) clearTimeout(trainTimer);
    trainTimer = null;
    if (!dirty) return;
    dirty = false;
    engine.train(now());
    schedulePersist();
  };
  const trainNow = () => serial(trainIfDirty);

  function scheduleTrain() {
    dirty = true;
    if (trainTimer) clearTimeout(trainTimer);
    trainTimer = setTimeout(() => void trainNow(), TRAIN_DELAY_MS);
  }

  return {
    observe: (papers) =>
      serial((engine) => {
        if (engine.observe(papers) > 0) schedulePersist();
      }),
    libraryChanged: (added, removed) =>
      serial(async (engine) => {
        // In chunks, with a task boundary between them: after a 10,000-paper import one read
        // and one labelling loop held the worker for ~2.4 s, and the popup's first rows waited.
        for (let i = 0; i < added.length; i += LABEL_CHUNK) {
          if (i > 0) await new Promise((resolve) => setTimeout(resolve, 0));
          const chunk = added.slice(i, i + LABEL_CHUNK);
          const rows = await db.saved.bulkGet([...chunk]);
          rows.forEach((r, j) => {
            if (r) engine.label(toInput(r), { kind: 'saved', at: r.savedAt, tags: r.tags ?? [] });
            else engine.unlabel(chunk[j] as string);
          });
        }
        for (const id of removed) engine.unlabel(id);
        if (added.length > 0 || removed.length > 0) scheduleTrain();
      }),
    label: (paper, kind, on) =>
      serial((engine) => {
        if (applyLabel(engine, paper.id, paper, kind, on, now())) scheduleTrain();
      }),
    async labelIds(ids, kind, on) {
      const list = [...new Set(ids.filter((id) => typeof id === 'string' && id.length > 0 && id.length < 64))].slice(0, 5_000);
      if (list.length === 0) return;
      // Read before the engine's turn: the cache read needs no engine, and an "off" needs no text.
      const papers = on ? await getPapers(db, list) : [];
      await serial((engine) => {
        let changed = false;
        list.forEach((id, i) => {
          const p = papers[i];
          if (on && !p) return;
          if (applyLabel(engine, id, p ? toInput(p) : null, kind, on, now())) changed = true;
        });
        if (changed) scheduleTrain();
      });
    },
    score(papers) {
      return serial((engine) => {
        // Labels queued before this request are part of the model it is scored with.
        trainIfDirty(engine);
        const results = engine.score(papers);
        if (results.every((r) => r.mode === 'none')) return null;
        const out: Record<string, RelevanceView> = {};
        for (const r of results) {
          const v = toView(r);
          if (v) out[r.id] = v;
        }
        return out;
      });
    },
    async flush() {
      await trainNow();
      if (persistTimer) clearTimeout(persistTimer);
      persistTimer = null;
      await persist();
    },
  };
}

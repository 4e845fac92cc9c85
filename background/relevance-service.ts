/**
 * The relevance model in the background (issue 12): one RelevanceEngine (utils/relevance)
 * learns from the reader's labels — saved = positive (with its tags), "not interested" =
 * negative, seen-and-passed = weak negative — and scores the cards a listing asks about.
 *
 * Training runs after each label (coalesced over a short pause, so an import of 500 papers
 * trains once). The engine's state is kept in IndexedDB (`relevance` table), never in
 * storage.sync: weights are derived data, rebuilt from the labels on any browser.
 */
import { RelevanceEngine, type RelevanceInput, type RelevanceResult } from '@/utils/relevance';
import type { SavedRow } from '@/utils/saved-paper';
import type { PithDb } from './db/schema';

/** Labels arriving within this pause train once. */
const TRAIN_DELAY_MS = 300;
/** State is written at most this often (a 10,000-paper state is a few MB). */
const PERSIST_DELAY_MS = 5_000;
const STATE_KEY = 'engine';
/** Terms shown per card. */
const WHY_TERMS = 3;

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
  /** Scores for these papers; null when no paper is saved yet (no model, cards show none). */
  score(papers: readonly RelevanceInput[]): Promise<Record<string, RelevanceView> | null>;
  /** Train now if labels changed, and write the state now. */
  flush(): Promise<void>;
}

function toInput(row: SavedRow): RelevanceInput {
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
        const rows = added.length > 0 ? await db.saved.bulkGet([...added]) : [];
        rows.forEach((r, i) => {
          if (r) engine.label(toInput(r), { kind: 'saved', at: r.savedAt, tags: r.tags ?? [] });
          else engine.unlabel(added[i] as string);
        });
        for (const id of removed) engine.unlabel(id);
        if (rows.length > 0 || removed.length > 0) scheduleTrain();
      }),
    label: (paper, kind, on) =>
      serial((engine) => {
        if (on) engine.label(paper, { kind, at: now() });
        else engine.unlabel(paper.id);
        scheduleTrain();
      }),
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

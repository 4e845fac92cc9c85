// Third-party data (real arXiv captures, SciTLDR) is read where it was published: in
// ../shared beside the checkout. The project never commits a copy of it (README, "Test data").
// Every test, eval, bench and `npm start` finds it through this one module, which fails with a
// clear message when the folder is missing instead of a bare ENOENT deep inside a test.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root (this file lives in tests/helpers/). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** ../shared beside the checkout; PITH_SHARED overrides it (a CI layout that differs). */
export const SHARED = process.env.PITH_SHARED ? resolve(process.env.PITH_SHARED) : resolve(ROOT, '..', 'shared');

function requireDir(dir, what) {
  if (!existsSync(dir)) {
    throw new Error(
      `${what} not found at ${dir}. It is third-party data the project reads in place and never ` +
        `copies: check out the project beside the shared/ folder (../shared) or set PITH_SHARED.`,
    );
  }
  return dir;
}

/** Folder of the real arXiv captures (../shared/fixtures/arxiv). */
export function arxivFixturesDir() {
  return requireDir(join(SHARED, 'fixtures', 'arxiv'), 'The arXiv captures (shared/fixtures/arxiv)');
}

/** Absolute path of one arXiv capture; fails clearly when it is missing. */
export function arxivFixturePath(name) {
  const path = join(arxivFixturesDir(), name);
  if (!existsSync(path)) throw new Error(`arXiv capture ${name} not found in ${arxivFixturesDir()}`);
  return path;
}

/** Text of one arXiv capture. */
export function readArxivFixture(name) {
  return readFileSync(arxivFixturePath(name), 'utf8');
}

/** File names of the arXiv captures. */
export function listArxivFixtures() {
  return readdirSync(arxivFixturesDir()).sort();
}

/** Folder of a public dataset (../shared/datasets/<name>). */
export function datasetDir(name) {
  return requireDir(join(SHARED, 'datasets', name), `The ${name} dataset (shared/datasets/${name})`);
}

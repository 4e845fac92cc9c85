/**
 * SciTLDR-A papers, read in place from ../shared/datasets/scitldr (never copied; see its
 * SOURCES.md). Only the train and dev splits exist there; the test split is kept apart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetDir } from '../helpers/shared-data.mjs';

export interface ScitldrPaper {
  id: string;
  title: string;
  /** The abstract's sentences as the dataset splits them. */
  sentences: string[];
  /** 1 for the sentence(s) the authors' TLDR was matched to. */
  labels: number[];
  /** Gold TLDRs, the author's first. */
  targets: string[];
}

export function loadScitldr(split: 'train' | 'dev'): ScitldrPaper[] {
  const text = readFileSync(join(datasetDir('scitldr'), `${split}.jsonl`), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const r = JSON.parse(l) as { paper_id: string; title?: string; source: string[]; source_labels: number[]; target: string[] };
      return { id: r.paper_id, title: r.title ?? '', sentences: r.source, labels: r.source_labels, targets: r.target };
    });
}

/** The abstract as one text, as a listing page would show it. */
export const abstractOf = (p: ScitldrPaper): string => p.sentences.join(' ');

/** The card marks where its tagline came from: `data-source` on [data-pith="tagline"] and a mark. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { PaperCard, type CardData, type CardSettings } from '../../components/PaperCard';

const card = (over: Partial<CardData>): CardData => ({
  id: '2605.12345',
  version: 2,
  title: 'Training Infinitely Deep and Wide Transformers',
  authors: ['A. Author'],
  abstract: 'We prove that gradient flow converges to global minima when the initial loss is sufficiently small.',
  abstractStatus: 'ready',
  abstractNote: null,
  primaryCategory: 'math.OC',
  date: '2026-05-18',
  absUrl: 'https://arxiv.org/abs/2605.12345v2',
  pdfUrl: 'https://arxiv.org/pdf/2605.12345v2',
  htmlUrl: null,
  tagline: { headline: 'Gradient flow converges to global minima', qualifier: 'when the initial loss is sufficiently small' },
  taglineNote: null,
  fulltext: { state: 'idle' },
  saved: false,
  originalShown: false,
  tags: [],
  tagMenuOpen: false,
  relevance: null,
  codeLinks: [],
  ...over,
});

const SETTINGS: CardSettings = { showTagline: true, showQualifier: true, showTheorems: false, showFigure: false, abstractExpanded: false, renderMath: false, cardMode: 'full', showMainStatement: false };
const noop = (): void => undefined;
let container: HTMLElement;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
});

function tagline(over: Partial<CardData>, settings: Partial<CardSettings> = {}): HTMLElement {
  act(() => {
    render(<PaperCard card={card(over)} settings={{ ...SETTINGS, ...settings }} onToggleSave={noop} onRetryFulltext={noop} onLoadFulltext={noop} onToggleOriginal={noop} onFigureUnavailable={noop} onTagMenu={noop} onSaveWithTags={noop} />, container);
  });
  const el = container.querySelector<HTMLElement>('[data-pith="tagline"]');
  expect(el).not.toBeNull();
  return el!;
}

describe('tagline source mark', () => {
  it('says "extractive" when no engine is named, and the headline text stays the headline alone', () => {
    const el = tagline({});
    expect(el.dataset.source).toBe('extractive');
    expect(el.dataset.sourceMark).toBe('extracted');
    expect(el.getAttribute('title')).toMatch(/extracted from the abstract/);
    expect(el.textContent).toBe('Gradient flow converges to global minima');
  });

  it('names each model engine', () => {
    expect(tagline({ taglineSource: 'prompt-api' }).dataset.source).toBe('prompt-api');
    expect(tagline({ taglineSource: 'summarizer' }).dataset.source).toBe('summarizer');
    const ep = tagline({ taglineSource: 'endpoint' });
    expect(ep.dataset.source).toBe('endpoint');
    expect(ep.dataset.sourceMark).toBe('AI endpoint');
  });

  it('says "title", with no mark, when the headline is the title (no tagline, or taglines off)', () => {
    const none = tagline({ tagline: null, taglineSource: 'endpoint' });
    expect(none.dataset.source).toBe('title');
    expect(none.dataset.sourceMark).toBeUndefined();
    expect(tagline({}, { showTagline: false }).dataset.source).toBe('title');
  });

  it('the stylesheet draws the mark from data-source-mark (visible, outside the headline text)', () => {
    const css = readFileSync(resolve(__dirname, '../../assets/card.css'), 'utf8');
    expect(css).toMatch(/\.tagline\[data-source-mark\]::after\s*\{[^}]*content:\s*attr\(data-source-mark\)/);
  });
});

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { PaperCard, type CardData, type CardSettings, type FulltextState } from '../../components/PaperCard';
import { TheoremBadge } from '../../components/TheoremBadge';
import { FigurePreview } from '../../components/FigurePreview';
import { formatTheoremBreakdown, theoremTotal } from '../../components/theorem-wording';
import { arxivFixturesDir } from '../helpers/shared-data.mjs';

const FIXTURES = arxivFixturesDir();
const EXPECTED = JSON.parse(readFileSync(`${FIXTURES}/EXPECTED.json`, 'utf8')) as Record<
  string,
  { theorems: Record<string, number>; firstFigureImage: string } | string
>;
const goodhart = EXPECTED['latexml-catastrophic-goodhart-restatements.html'] as {
  theorems: Record<string, number>;
  firstFigureImage: string;
};
const llncs = EXPECTED['latexml-llncs-rendezvous-class-theorems.html'] as { theorems: Record<string, number> };

const BASE = 'https://arxiv.org/html/2406.00001v2/';

function cardData(over: Partial<CardData> = {}): CardData {
  return {
    id: '2605.12345',
    version: 2,
    title: 'Training Infinitely Deep and Wide Transformers',
    authors: ['Raphaël Barboni', 'Maarten V. de Hoop', 'Gabriel Peyré', 'François-Xavier Vialard'],
    abstract:
      'We study transformers of depth $L \\to \\infty$. Under this NTK injectivity assumption, we prove that gradient flow converges to global minima when the initial loss is sufficiently small.',
    abstractStatus: 'ready',
    abstractNote: null,
    primaryCategory: 'math.OC',
    date: '2026-05-18',
    absUrl: 'https://arxiv.org/abs/2605.12345v2',
    pdfUrl: 'https://arxiv.org/pdf/2605.12345v2',
    htmlUrl: 'https://arxiv.org/html/2605.12345v2',
    tagline: {
      headline: 'Gradient flow reaches global minima for infinite-depth transformers',
      qualifier: 'when initial loss is small and log-sum-exp functions remain linearly independent modulo affine functions',
    },
    taglineNote: null,
    fulltext: { state: 'idle' },
    saved: false,
    originalShown: false,
    ...over,
  };
}

const SETTINGS: CardSettings = {
  showTagline: true,
  showQualifier: true,
  showTheorems: true,
  showFigure: true,
  abstractExpanded: false,
  renderMath: true,
  cardMode: 'full',
};

let container: HTMLElement;
const actions = {
  onToggleSave: vi.fn(),
  onRetryFulltext: vi.fn(),
  onLoadFulltext: vi.fn(),
  onToggleOriginal: vi.fn(),
  onFigureUnavailable: vi.fn(),
};

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  for (const fn of Object.values(actions)) fn.mockReset();
});

afterEach(() => {
  render(null, container);
  container.remove();
});

function renderCard(card: Partial<CardData> = {}, settings: Partial<CardSettings> = {}): HTMLElement {
  act(() => {
    render(<PaperCard card={cardData(card)} settings={{ ...SETTINGS, ...settings }} {...actions} />, container);
  });
  const root = container.querySelector<HTMLElement>('[data-pith-card]');
  expect(root).not.toBeNull();
  return root!;
}

const part = (root: ParentNode, name: string) => root.querySelector<HTMLElement>(`[data-pith="${name}"]`);

function click(el: Element) {
  act(() => {
    el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  });
}

describe('PaperCard: stable test contract', () => {
  it('marks the root with the arXiv id and every part with data-pith', () => {
    const root = renderCard();
    expect(root.getAttribute('data-pith-card')).toBe('2605.12345');
    for (const name of ['tagline', 'qualifier', 'authors', 'title', 'theorems', 'abstract', 'abstract-toggle', 'save']) {
      expect(part(root, name), name).not.toBeNull();
    }
    expect(part(root, 'tagline')!.textContent).toBe('Gradient flow reaches global minima for infinite-depth transformers');
    expect(part(root, 'qualifier')!.textContent).toBe(
      'when initial loss is small and log-sum-exp functions remain linearly independent modulo affine functions',
    );
    const title = part(root, 'title') as HTMLAnchorElement;
    expect(title.tagName).toBe('A');
    expect(title.getAttribute('href')).toBe('https://arxiv.org/abs/2605.12345v2');
    expect(title.textContent).toBe('Training Infinitely Deep and Wide Transformers');
  });

  it('abstract-toggle carries aria-expanded and save carries aria-pressed', () => {
    const root = renderCard();
    expect(part(root, 'abstract-toggle')!.getAttribute('aria-expanded')).toBe('false');
    expect(part(root, 'save')!.getAttribute('aria-pressed')).toBe('false');

    const saved = renderCard({ saved: true }, { abstractExpanded: true });
    expect(part(saved, 'abstract-toggle')!.getAttribute('aria-expanded')).toBe('true');
    expect(part(saved, 'save')!.getAttribute('aria-pressed')).toBe('true');
  });

  it('save calls onToggleSave', () => {
    const root = renderCard();
    click(part(root, 'save')!);
    expect(actions.onToggleSave).toHaveBeenCalledTimes(1);
  });

  it('theorems carries data-count only once the count is known', () => {
    for (const fulltext of [
      { state: 'idle' },
      { state: 'loading' },
      { state: 'no-html' },
      { state: 'disabled' },
      { state: 'error', message: 'Offline' },
    ] satisfies FulltextState[]) {
      const root = renderCard({ fulltext });
      const badge = part(root, 'theorems');
      expect(badge, fulltext.state).not.toBeNull();
      expect(badge!.hasAttribute('data-count'), fulltext.state).toBe(false);
    }
    const root = renderCard({
      fulltext: { state: 'ok', analysis: { theorems: goodhart.theorems, figureCount: 8, firstFigure: null } },
    });
    expect(part(root, 'theorems')!.getAttribute('data-count')).toBe('6');
  });

  it('a known zero is shown as 0 with data-count="0"', () => {
    const root = renderCard({ fulltext: { state: 'ok', analysis: { theorems: {}, figureCount: 7, firstFigure: null } } });
    const badge = part(root, 'theorems')!;
    expect(badge.getAttribute('data-count')).toBe('0');
    expect(badge.querySelector('summary')!.textContent).toBe('0 theorems');
  });

  it('hides the theorem badge when showTheorems is off', () => {
    const root = renderCard({}, { showTheorems: false });
    expect(part(root, 'theorems')).toBeNull();
  });
});

describe('PaperCard: authors', () => {
  it('shows two authors and "+N more" that expands to all', () => {
    const root = renderCard();
    const authors = part(root, 'authors')!;
    expect(authors.textContent).toContain('Raphaël Barboni, Maarten V. de Hoop');
    expect(authors.textContent).not.toContain('Gabriel Peyré');
    const more = authors.querySelector('button')!;
    expect(more.textContent).toBe('+2 more');
    click(more);
    const expanded = part(root, 'authors')!;
    expect(expanded.textContent).toBe('by Raphaël Barboni, Maarten V. de Hoop, Gabriel Peyré, François-Xavier Vialard');
    expect(expanded.querySelector('button')).toBeNull();
  });

  it('shows three authors in full rather than "+1 more"', () => {
    const root = renderCard({ authors: ['A. One', 'B. Two', 'C. Three'] });
    const authors = part(root, 'authors')!;
    expect(authors.textContent).toBe('by A. One, B. Two, C. Three');
    expect(authors.querySelector('button')).toBeNull();
  });

  it('renders no authors line for an empty author list', () => {
    const root = renderCard({ authors: [] });
    expect(part(root, 'authors')).toBeNull();
  });
});

describe('PaperCard: abstract', () => {
  it('is collapsed by default and renders KaTeX only when expanded', () => {
    const root = renderCard();
    const toggle = part(root, 'abstract-toggle')!;
    const abstract = part(root, 'abstract')!;
    expect(abstract.hidden).toBe(true);
    expect(abstract.querySelector('.katex')).toBeNull();
    expect(abstract.textContent).toBe('');

    click(toggle);
    expect(part(root, 'abstract-toggle')!.getAttribute('aria-expanded')).toBe('true');
    const open = part(root, 'abstract')!;
    expect(open.hidden).toBe(false);
    expect(open.querySelector('.katex')).not.toBeNull();
    expect(open.textContent).toContain('we prove that gradient flow converges');

    click(part(root, 'abstract-toggle')!);
    expect(part(root, 'abstract-toggle')!.getAttribute('aria-expanded')).toBe('false');
    expect(part(root, 'abstract')!.hidden).toBe(true);
    expect(part(root, 'abstract')!.querySelector('.katex')).toBeNull();
  });

  it('starts expanded when the setting says so', () => {
    const root = renderCard({}, { abstractExpanded: true });
    expect(part(root, 'abstract')!.hidden).toBe(false);
    expect(part(root, 'abstract')!.querySelector('.katex')).not.toBeNull();
  });

  it('keeps math as TeX source when renderMath is off', () => {
    const root = renderCard({}, { abstractExpanded: true, renderMath: false });
    const abstract = part(root, 'abstract')!;
    expect(abstract.querySelector('.katex')).toBeNull();
    expect(abstract.textContent).toContain('$L \\to \\infty$');
  });

  it('shows the TeX source where KaTeX fails', () => {
    const root = renderCard({ abstract: 'Broken $\\frac{a$ math.' }, { abstractExpanded: true });
    const abstract = part(root, 'abstract')!;
    expect(abstract.querySelector('.katex')).toBeNull();
    expect(abstract.querySelector('code.tex-source')!.textContent).toBe('$\\frac{a$');
  });

  it('says why the abstract is missing', () => {
    const loading = renderCard({ abstract: null, abstractStatus: 'loading' }, { abstractExpanded: true });
    expect(part(loading, 'abstract')!.textContent).toBe('Loading the abstract…');
    const failed = renderCard(
      { abstract: null, abstractStatus: 'unavailable', abstractNote: 'Offline: the abstract loads when you are back online.' },
      { abstractExpanded: true },
    );
    expect(part(failed, 'abstract')!.textContent).toBe('Offline: the abstract loads when you are back online.');
  });
});

describe('PaperCard: hostile text', () => {
  const IMG = '<img src=x onerror=alert(1)>';
  const SCRIPT = '<script>alert(1)</script>';

  it('shows hostile title, tagline, qualifier, authors and abstract as text', () => {
    const root = renderCard(
      {
        title: `Title ${IMG} ${SCRIPT}`,
        authors: [`Eve ${IMG}`, SCRIPT],
        abstract: `Abstract ${IMG} with $x^2$ and ${SCRIPT} end`,
        tagline: { headline: `Headline ${SCRIPT}`, qualifier: `qualifier ${IMG}` },
      },
      { abstractExpanded: true },
    );
    expect(container.querySelectorAll('img').length).toBe(0);
    expect(container.querySelectorAll('script').length).toBe(0);
    expect(container.querySelectorAll('[onerror]').length).toBe(0);
    expect(part(root, 'title')!.textContent).toBe(`Title ${IMG} ${SCRIPT}`);
    expect(part(root, 'tagline')!.textContent).toBe(`Headline ${SCRIPT}`);
    expect(part(root, 'qualifier')!.textContent).toBe(`qualifier ${IMG}`);
    expect(part(root, 'authors')!.textContent).toBe(`by Eve ${IMG}, ${SCRIPT}`);
    const abstract = part(root, 'abstract')!;
    expect(abstract.textContent).toContain(IMG);
    expect(abstract.textContent).toContain(`and ${SCRIPT} end`);
    expect(abstract.querySelector('.katex')).not.toBeNull();
    expect(root.getAttribute('aria-label')).toBe(`Title ${IMG} ${SCRIPT}`);
  });

  it('shows a hostile title as the headline text when there is no tagline', () => {
    renderCard({ title: `${IMG}${SCRIPT}`, tagline: null });
    expect(container.querySelectorAll('img, script').length).toBe(0);
  });
});

describe('PaperCard: settings and modes', () => {
  it('compact mode is one line (meta · headline · authors) and hides qualifier, abstract and figure', () => {
    const root = renderCard(
      {
        fulltext: {
          state: 'ok',
          analysis: { theorems: { Theorem: 1 }, figureCount: 1, firstFigure: { src: `${BASE}x1.png`, caption: 'Fig' } },
        },
      },
      { cardMode: 'compact', abstractExpanded: true },
    );
    expect(root.classList.contains('compact')).toBe(true);
    expect(part(root, 'qualifier')).toBeNull();
    // Issue 16: the one-line row keeps the authors ("by A, B +N more").
    expect(part(root, 'authors')!.textContent).toBe('by Raphaël Barboni, Maarten V. de Hoop +2 more');
    expect(part(root, 'abstract')).toBeNull();
    expect(part(root, 'abstract-toggle')).toBeNull();
    expect(part(root, 'figure')).toBeNull();
    // What compact keeps:
    expect(part(root, 'tagline')!.textContent).toBe('Gradient flow reaches global minima for infinite-depth transformers');
    expect(part(root, 'title')).not.toBeNull();
    expect(part(root, 'save')).not.toBeNull();
    expect(part(root, 'theorems')!.getAttribute('data-count')).toBe('1');
  });

  it('compact: the expand button opens the whole card and folds it back to one line', () => {
    const fulltext: FulltextState = {
      state: 'ok',
      analysis: { theorems: { Theorem: 1 }, figureCount: 1, firstFigure: { src: `${BASE}x1.png`, caption: 'Fig' } },
    };
    const root = renderCard({ fulltext }, { cardMode: 'compact' });
    const expand = part(root, 'expand')!;
    expect(expand.getAttribute('aria-expanded')).toBe('false');
    click(expand);
    const open = container.querySelector<HTMLElement>('[data-pith-card]')!;
    expect(part(open, 'qualifier')!.textContent).toContain('when initial loss is small');
    expect(part(open, 'abstract-toggle')!.getAttribute('aria-expanded')).toBe('false');
    expect(part(open, 'figure')!.querySelector('img')!.getAttribute('src')).toBe(`${BASE}x1.png`);
    expect(part(open, 'expand')!.getAttribute('aria-expanded')).toBe('true');
    click(part(open, 'expand')!);
    expect(part(container.querySelector('[data-pith-card]')!, 'abstract-toggle')).toBeNull();
  });

  it('keeps a figure box while the full text is on its way, so the thumbnail moves nothing', () => {
    const loading = renderCard({ fulltext: { state: 'loading' } });
    expect(loading.querySelector('.figure-box')).not.toBeNull();
    expect(part(loading, 'figure')).toBeNull();
    const noHtml = renderCard({ fulltext: { state: 'no-html' }, htmlUrl: null });
    expect(noHtml.querySelector('.figure-box')).toBeNull();
    const noFigure = renderCard({ fulltext: { state: 'ok', analysis: { theorems: {}, figureCount: 0, firstFigure: null } } });
    expect(noFigure.querySelector('.figure-box')).toBeNull();
  });

  it('the links (abs, pdf, html, arXiv entry) are in the meta line', () => {
    const root = renderCard();
    const meta = root.querySelector('.meta-row')!;
    expect([...meta.querySelectorAll('a')].map((a) => a.textContent)).toEqual(['abs', 'pdf', 'html']);
    expect(meta.querySelector('[data-pith="original-toggle"]')).not.toBeNull();
  });

  it('showTagline=false makes the title the headline, linking to /abs, and drops the qualifier', () => {
    const root = renderCard({}, { showTagline: false });
    const tagline = part(root, 'tagline')!;
    expect(tagline.textContent).toBe('Training Infinitely Deep and Wide Transformers');
    expect(tagline.querySelector('a')!.getAttribute('href')).toBe('https://arxiv.org/abs/2605.12345v2');
    expect(part(root, 'qualifier')).toBeNull();
    expect(root.textContent).not.toContain('Gradient flow reaches');
  });

  it('without a tagline yet the title is the headline', () => {
    const root = renderCard({ tagline: null });
    expect(part(root, 'tagline')!.textContent).toBe('Training Infinitely Deep and Wide Transformers');
    expect(part(root, 'qualifier')).toBeNull();
  });

  it('showQualifier=false keeps the tagline but drops the qualifier', () => {
    const root = renderCard({}, { showQualifier: false });
    expect(part(root, 'tagline')!.textContent).toBe('Gradient flow reaches global minima for infinite-depth transformers');
    expect(part(root, 'qualifier')).toBeNull();
  });

  it('shows the first figure with an absolute http(s) src when known and allowed', () => {
    const src = new URL(goodhart.firstFigureImage, BASE).href;
    const fulltext: FulltextState = {
      state: 'ok',
      analysis: { theorems: goodhart.theorems, figureCount: 8, firstFigure: { src, caption: 'Figure 1: Reward plots' } },
    };
    const root = renderCard({ fulltext });
    const figure = part(root, 'figure')!;
    expect(figure.querySelector('img')!.getAttribute('src')).toBe(src);
    const off = renderCard({ fulltext }, { showFigure: false });
    expect(part(off, 'figure')).toBeNull();
  });
});

describe('TheoremBadge', () => {
  function renderBadge(fulltext: FulltextState): HTMLElement {
    act(() => {
      render(<TheoremBadge fulltext={fulltext} onRetry={actions.onRetryFulltext} onLoad={actions.onLoadFulltext} />, container);
    });
    return part(container, 'theorems')!;
  }

  it('loading shows "…" and no count', () => {
    for (const state of ['loading', 'idle'] as const) {
      const badge = renderBadge({ state });
      expect(badge.textContent).toContain('…');
      expect(badge.textContent).not.toMatch(/\d/);
      expect(badge.getAttribute('aria-busy')).toBe('true');
      expect(badge.hasAttribute('data-count')).toBe(false);
    }
  });

  it('ok shows the Theorem count and the breakdown by printed name (catastrophic-goodhart fixture)', () => {
    const badge = renderBadge({ state: 'ok', analysis: { theorems: goodhart.theorems, figureCount: 8, firstFigure: null } });
    const breakdown = formatTheoremBreakdown(goodhart.theorems);
    expect(breakdown).toContain('6 theorems');
    expect(theoremTotal(goodhart.theorems)).toBe(6);
    expect(badge.getAttribute('data-count')).toBe('6');
    expect(badge.querySelector('summary')!.textContent).toBe('6 theorems');
    expect(badge.querySelector('summary')!.getAttribute('title')).toBe(breakdown);
    expect(badge.querySelector('.breakdown')!.textContent).toBe(breakdown);
  });

  it('ok with a singular and other names (llncs fixture)', () => {
    const badge = renderBadge({ state: 'ok', analysis: { theorems: llncs.theorems, figureCount: 16, firstFigure: null } });
    expect(badge.getAttribute('data-count')).toBe('11');
    expect(badge.querySelector('.breakdown')!.textContent).toBe(formatTheoremBreakdown(llncs.theorems));
    expect(badge.querySelector('.breakdown')!.textContent).toBe('11 theorems · 7 lemmas · 1 definition');

    const one = renderBadge({ state: 'ok', analysis: { theorems: { Theorem: 1 }, figureCount: 0, firstFigure: null } });
    expect(one.querySelector('summary')!.textContent).toBe('1 theorem');
  });

  it('ok without statements says so', () => {
    const badge = renderBadge({ state: 'ok', analysis: { theorems: {}, figureCount: 7, firstFigure: null } });
    expect(badge.querySelector('.breakdown')!.textContent).toBe('no formal statements');
  });

  it('no-html says there is no HTML version, without a count', () => {
    const badge = renderBadge({ state: 'no-html' });
    expect(badge.textContent).toBe('no HTML version');
    expect(badge.hasAttribute('data-count')).toBe(false);
  });

  it('error offers a retry button that calls onRetry', () => {
    const badge = renderBadge({ state: 'error', message: 'arXiv took too long to answer.' });
    expect(badge.tagName).toBe('BUTTON');
    expect(badge.getAttribute('title')).toBe('arXiv took too long to answer.');
    expect(badge.textContent).toContain('retry');
    expect(badge.hasAttribute('data-count')).toBe(false);
    click(badge);
    expect(actions.onRetryFulltext).toHaveBeenCalledTimes(1);
    expect(actions.onLoadFulltext).not.toHaveBeenCalled();
  });

  it('disabled offers to count, calling onLoad', () => {
    const badge = renderBadge({ state: 'disabled' });
    click(badge);
    expect(actions.onLoadFulltext).toHaveBeenCalledTimes(1);
    expect(actions.onRetryFulltext).not.toHaveBeenCalled();
  });

  it('the retry button inside a card calls onRetryFulltext', () => {
    const root = renderCard({ fulltext: { state: 'error', message: 'Offline' } });
    click(part(root, 'theorems')!);
    expect(actions.onRetryFulltext).toHaveBeenCalledTimes(1);
  });
});

describe('FigurePreview', () => {
  const PAPER = 'https://arxiv.org/html/2406.00001v2';
  function renderFigure(src: string, caption = 'Figure 1: Reward plots', onUnavailable?: (src: string) => void): void {
    act(() => {
      render(<FigurePreview figure={{ src, caption }} paperUrl={PAPER} onUnavailable={onUnavailable} />, container);
    });
  }

  it('an image that fails to load gives way to "figure unavailable" with a link to the paper, and says so once', () => {
    const failed = vi.fn();
    // The doubled path an analysis made before August 2026 produced for oxide pages.
    const src = 'https://arxiv.org/html/2406.00001v2/2406.00001v2/sg_module.png';
    renderFigure(src, 'Figure 1: setup', failed);
    act(() => {
      container.querySelector('img')!.dispatchEvent(new Event('error'));
    });
    const figure = part(container, 'figure')!;
    expect(figure.getAttribute('data-state')).toBe('unavailable');
    // No <img> left, so no broken-image icon; the link goes to the paper, not the dead image.
    expect(figure.querySelector('img')).toBeNull();
    expect(figure.textContent).toContain('figure unavailable');
    const links = [...figure.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual([PAPER]);
    expect(links[0]!.textContent).toContain('full image');
    expect(failed).toHaveBeenCalledTimes(1);
    expect(failed).toHaveBeenCalledWith(src);
    // Re-rendered with the same figure: still unavailable, not reported again.
    renderFigure(src, 'Figure 1: setup', failed);
    expect(container.querySelector('img')).toBeNull();
    expect(failed).toHaveBeenCalledTimes(1);
    // A refreshed analysis with the real URL shows the image again.
    renderFigure('https://arxiv.org/html/2406.00001v2/sg_module.png', 'Figure 1: setup', failed);
    expect(container.querySelector('img')!.getAttribute('src')).toBe('https://arxiv.org/html/2406.00001v2/sg_module.png');
  });

  it('inside a card, a failed figure reaches the card actions', () => {
    const root = renderCard({
      fulltext: {
        state: 'ok',
        analysis: { theorems: {}, figureCount: 1, firstFigure: { src: `${BASE}gone.png`, caption: '' } },
      },
    });
    act(() => {
      part(root, 'figure')!.querySelector('img')!.dispatchEvent(new Event('error'));
    });
    expect(actions.onFigureUnavailable).toHaveBeenCalledWith(`${BASE}gone.png`);
    expect(part(root, 'figure')!.querySelector('a')!.getAttribute('href')).toBe('https://arxiv.org/html/2605.12345v2');
  });

  it('renders an http(s) figure as a lazy thumbnail with a full-image link', () => {
    const src = new URL(goodhart.firstFigureImage, BASE).href;
    expect(src).toBe('https://arxiv.org/html/2406.00001v2/images/reward_plots_random_starling_30k_se.png');
    renderFigure(src);
    const figure = part(container, 'figure')!;
    const img = figure.querySelector('img')!;
    expect(img.getAttribute('src')).toBe(src);
    expect(img.getAttribute('loading')).toBe('lazy');
    expect(img.getAttribute('alt')).toBe('Figure 1: Reward plots');
    const links = [...figure.querySelectorAll('a')];
    expect(links.length).toBe(2);
    for (const a of links) {
      expect(a.getAttribute('href')).toBe(src);
      expect(a.getAttribute('rel')).toContain('noopener');
    }
    expect(figure.querySelector('.full-image')!.textContent).toContain('full image');

    renderFigure('http://arxiv.org/html/2406.00001v2/x1.png', '');
    expect(container.querySelector('img')!.getAttribute('alt')).toBe('First figure of the paper');
  });

  for (const bad of [
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'data:image/png;base64,iVBORw0KGgo=',
    'x1.png',
    '//evil.example/x.png',
    'vbscript:msgbox(1)',
  ]) {
    it(`renders nothing for src ${JSON.stringify(bad)}`, () => {
      renderFigure(bad);
      expect(container.innerHTML).toBe('');
    });
  }

  it('a javascript: figure inside a card renders no figure, image or link to it', () => {
    const root = renderCard({
      fulltext: {
        state: 'ok',
        analysis: { theorems: {}, figureCount: 1, firstFigure: { src: 'javascript:alert(1)', caption: 'x' } },
      },
    });
    expect(part(root, 'figure')).toBeNull();
    expect(container.querySelectorAll('img').length).toBe(0);
    for (const a of container.querySelectorAll('a')) expect(a.getAttribute('href') ?? '').not.toMatch(/javascript:/i);
  });

  it('shortens a long caption to 160 characters', () => {
    renderFigure(`${BASE}x1.png`, 'c'.repeat(300));
    const caption = container.querySelector('.caption')!.textContent!;
    expect(caption.length).toBe(158);
    expect(caption.endsWith('…')).toBe(true);
  });
});

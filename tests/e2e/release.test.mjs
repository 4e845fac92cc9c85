/**
 * Memory on long listings, in real Chromium with the built extension: cards far from the
 * viewport release their content but keep their height (the page never jumps), and render
 * again when they come back.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PAGES } from './harness.mjs';
import { browserSuite } from './suite.mjs';

const suite = browserSuite();
let browser;

before(async () => {
  browser = await suite.launch();
});

/** Cards whose shadow root holds a card now (rendered and not released). */
const liveCards = () => [...document.querySelectorAll('pith-card')].filter((h) => h.shadowRoot?.querySelector('[data-pith-card]')).length;

describe('long listings release far cards', () => {
  it('a 2,000-entry listing keeps a few hundred cards rendered, at their heights, and renders them again on the way back', { timeout: 400_000 }, async () => {
    const page = await browser.context.newPage();
    await page.goto(`http://arxiv.org${PAGES.longListing}`);
    // In front: a page the browser treats as hidden gets no animation frames, and cards are
    // found near the viewport once per frame (in one CI run 1,345 cards were never reached).
    await page.bringToFront();
    await page.waitForFunction(() => document.querySelectorAll('pith-card').length === 2000, null, { timeout: 30_000, polling: 100 });
    await page.waitForSelector('pith-card[data-rendered]');
    const firstHeight = await page.evaluate(() => document.querySelector('pith-card').getBoundingClientRect().height);
    // Down to the bottom, one viewport at a time, as a reader would.
    const atBottom = await page.evaluate(async (liveSrc) => {
      const live = eval(liveSrc);
      // Two frames, or 200 ms if frames pause (a page the browser sees as hidden).
      const frames = () => new Promise((r) => {
        requestAnimationFrame(() => requestAnimationFrame(r));
        setTimeout(r, 200);
      });
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      // The cards in the window at this scroll position.
      const inView = () => [...document.querySelectorAll('pith-card')].filter((h) => {
        const r = h.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight;
      });
      // A reader looks at each window until its cards are there. A fixed pause per step is not
      // that: on a loaded CI machine frames, and with them scroll events, came so rarely that
      // steps passed unchecked and 1,719 cards were never near at a check. The scroll event is
      // sent here too: the browser sends it only at its next frame (the cards' own check falls
      // back to a timer when no frame comes).
      const scrollTo = (y) => {
        window.scrollTo(0, y);
        window.dispatchEvent(new Event('scroll'));
      };
      for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
        scrollTo(y);
        await frames();
        for (let t0 = performance.now(); inView().some((h) => !h.hasAttribute('data-rendered')) && performance.now() - t0 < 5_000; ) {
          await sleep(50);
        }
      }
      // Cards rendered on the way (in slices) may still be queued: wait until all have been.
      for (let t0 = performance.now(); document.querySelector('pith-card:not([data-rendered])') && performance.now() - t0 < 30_000; ) {
        await new Promise((r) => setTimeout(r, 100));
      }
      await frames();
      const first = document.querySelector('pith-card');
      return {
        live: live(),
        released: document.querySelectorAll('pith-card[data-released]').length,
        unrendered: document.querySelectorAll('pith-card:not([data-rendered])').length,
        firstReleased: first.hasAttribute('data-released') && !first.shadowRoot.querySelector('[data-pith-card]'),
        firstHeight: first.getBoundingClientRect().height,
        height: document.documentElement.scrollHeight,
      };
    }, `(${liveCards})`);
    assert.equal(atBottom.unrendered, 0, 'every card was rendered on the way down');
    assert.ok(atBottom.live > 0 && atBottom.live < 600, `${atBottom.live} cards still rendered`);
    assert.ok(atBottom.released > 1000, `${atBottom.released} released`);
    assert.ok(atBottom.firstReleased, 'the first card released its content');
    assert.equal(atBottom.firstHeight, firstHeight, 'a released card keeps its height');
    // Back to the top: the first card renders again, and the page is as long as it was.
    await page.evaluate(() => {
      window.scrollTo(0, 0);
      window.dispatchEvent(new Event('scroll'));
    });
    await page.waitForFunction(() => document.querySelector('pith-card').shadowRoot.querySelector('[data-pith="tagline"]'), null, { timeout: 20_000, polling: 100 });
    const back = await page.evaluate(() => {
      const first = document.querySelector('pith-card');
      return { released: first.hasAttribute('data-released'), height: first.getBoundingClientRect().height, page: document.documentElement.scrollHeight };
    });
    assert.equal(back.released, false);
    assert.equal(back.height, firstHeight);
    assert.equal(back.page, atBottom.height, 'releasing and rendering again moved nothing');
    await page.close();
  });
});

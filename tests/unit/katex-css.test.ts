import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitFontFaces } from '@/utils/katex-css';

const katexCss = readFileSync('node_modules/katex/dist/katex.min.css', 'utf8');

describe('splitFontFaces', () => {
  it('moves every KaTeX @font-face out of the shared sheet, pointing at woff2 files', () => {
    const { fontFaces, rest } = splitFontFaces(katexCss, (f) => `chrome-extension://abc/fonts/${f}`);
    expect(rest).not.toContain('@font-face');
    expect(rest).toContain('.katex');
    const faces = fontFaces.match(/@font-face/g) ?? [];
    expect(faces.length).toBe(20);
    expect(fontFaces).toContain('src:url("chrome-extension://abc/fonts/KaTeX_Main-Regular.woff2") format("woff2")');
    expect(fontFaces).not.toMatch(/\.woff"|\.ttf/);
  });
});

// Draft for tests/fixtures/statements-fidelity.json: every formal statement of the LaTeXML
// fixtures with its printed heading and its text as a reader sees it on the rendered page,
// read through a DOM (happy-dom) and NOT through utils/fulltext.ts, so the analyser's unit test
// (tests/unit/statements.test.ts) compares against an independent reading. From this draft the
// fidelity file was written: name, number and title from each printed heading, and `listed`
// (false for proofs and restatements) with a `note` saying why, checked by eye one by one.
//   node tests/scripts/read-statements.mjs   (writes .output/statements-read.json)
// How text is normalised (the same on both sides of the test): math as $alttext$ (LaTeXML's
// TeX, "%"+newline continuations removed), footnote bodies and nested statements left out,
// the heading left out, whitespace collapsed to single spaces and trimmed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { readArxivFixture, ROOT } from '../helpers/shared-data.mjs';

const FILES = [
  'latexml-catastrophic-goodhart-restatements.html',
  'latexml-dcem-amsthm-tikz.html',
  'latexml-erdos-szekeres-custom-thm.html',
  'latexml-llncs-rendezvous-class-theorems.html',
  'latexml-point-transects-no-theorems.html',
  'latexml-robust-sls-amsthm.html',
  'arxiv-2609.04056v1-oxide-0.7.6-theorems-excerpt.html',
];

function textOf(node, root) {
  let out = '';
  for (const child of node.childNodes) {
    if (child.nodeType === 3) out += child.nodeValue;
    if (child.nodeType !== 1) continue;
    const tag = child.tagName.toLowerCase();
    const cls = child.getAttribute('class') ?? '';
    if (tag === 'math') {
      const alt = child.getAttribute('alttext');
      if (alt) out += `$${alt.replace(/(^|[^\\])%[ \t]*\r?\n[ \t]*/g, '$1')}$`;
      continue;
    }
    if (['svg', 'button', 'script', 'style'].includes(tag)) continue;
    if (/\bltx_note_outer\b/.test(cls)) continue;
    if (child !== root && /\bltx_theorem\b/.test(cls) && tag === 'div') continue;
    if (/\bltx_title_theorem\b/.test(cls)) continue;
    out += textOf(child, root);
  }
  return out;
}

const collapse = (s) => s.replace(/\s+/g, ' ').trim();

const out = { _about: 'See tests/scripts/read-statements.mjs for how this was read and normalised.' };
for (const file of FILES) {
  const window = new Window();
  window.document.write(readArxivFixture(file));
  const doc = window.document;
  const list = [];
  for (const div of doc.querySelectorAll('article.ltx_document div.ltx_theorem')) {
    const h = div.querySelector(':scope > .ltx_title_theorem');
    const tag = h?.querySelector('.ltx_tag_theorem');
    const heading = collapse(h?.textContent ?? '');
    list.push({
      heading,
      tag: tag ? collapse(tag.textContent) : null,
      anchor: div.getAttribute('id'),
      text: collapse(textOf(div, div)),
    });
  }
  out[file] = list;
  window.close();
}
mkdirSync(join(ROOT, '.output'), { recursive: true });
writeFileSync(join(ROOT, '.output/statements-read.json'), `${JSON.stringify(out, null, 1)}\n`);

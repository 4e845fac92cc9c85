import { createContext } from 'preact';
import { useContext, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { mathReady, prepareMath, splitTex, renderMath } from '@/utils/tex';

/**
 * Called with the root node of rendered math, so a host that keeps KaTeX's stylesheet out of
 * its shadow roots until needed (the listing cards) can add it. Pages that load KaTeX's CSS
 * globally (popup) need no provider.
 */
export const TexStylesContext = createContext<((root: Node) => void) | null>(null);

interface TexProps {
  text: string;
  /** When false, math stays as its TeX source (the "render math" setting). */
  render?: boolean;
}

/**
 * One math fragment: KaTeX's DOM nodes inside a `<span class="tex">` that Preact owns empty,
 * put in place before paint, or the TeX source as text when KaTeX rejects it. No markup string
 * is ever parsed, so nothing here assigns innerHTML.
 */
function MathSpan({ tex, display, raw }: { tex: string; display: boolean; raw: string }) {
  const adoptStyles = useContext(TexStylesContext);
  const ref = useRef<HTMLSpanElement>(null);
  // Until KaTeX has been evaluated (a task of its own, see utils/tex.ts) the math shows as its
  // source, in the span the rendering then replaces.
  const [ready, setReady] = useState(mathReady);
  useEffect(() => {
    if (ready) return;
    let live = true;
    void prepareMath().then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [ready]);
  const rendered = useMemo(() => (ready ? renderMath(tex, display) : undefined), [ready, tex, display]);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !rendered) return;
    el.replaceChildren(...rendered.cloneNode(true).childNodes);
    adoptStyles?.(el.getRootNode());
  }, [rendered, adoptStyles]);
  if (rendered === undefined) return <span class="tex tex-pending">{raw}</span>;
  if (rendered === null) return <code class="tex-source">{raw}</code>;
  return <span class="tex" ref={ref} />;
}

/** Untrusted text with `$...$` math rendered by KaTeX; plain text wherever KaTeX fails. */
export function Tex({ text, render = true }: TexProps) {
  if (!render) return <>{text}</>;
  const segments = splitTex(text);
  return (
    <>
      {segments.map((segment, index) => {
        // TeX's "~" (a non-breaking space, as in "5~K") is common in arXiv abstracts' text.
        if (segment.kind === 'text') return segment.text.replace(/(\S)~(?=\S)/g, '$1\u00a0');
        // The key names the fragment, so other math in the same place mounts afresh.
        return <MathSpan key={`${index}:${segment.raw}`} tex={segment.tex} display={segment.display} raw={segment.raw} />;
      })}
    </>
  );
}

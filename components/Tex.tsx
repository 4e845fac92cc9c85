import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { splitTex, renderMath } from '@/utils/tex';

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

/** Untrusted text with `$...$` math rendered by KaTeX; plain text wherever KaTeX fails. */
export function Tex({ text, render = true }: TexProps) {
  const adoptStyles = useContext(TexStylesContext);
  if (!render) return <>{text}</>;
  const withStyles = adoptStyles
    ? (el: Element | null) => {
        if (el) adoptStyles(el.getRootNode());
      }
    : undefined;
  const segments = splitTex(text);
  return (
    <>
      {segments.map((segment, index) => {
        // TeX's "~" (a non-breaking space, as in "5~K") is common in arXiv abstracts' text.
        if (segment.kind === 'text') return segment.text.replace(/(\S)~(?=\S)/g, '$1\u00a0');
        const html = renderMath(segment.tex, segment.display);
        if (html === null) return <code key={index} class="tex-source">{segment.raw}</code>;
        // KaTeX output with trust:false is the only markup ever injected.
        return <span key={index} class="tex" ref={withStyles} dangerouslySetInnerHTML={{ __html: html }} />;
      })}
    </>
  );
}

import { splitTex, renderMath } from '@/utils/tex';

interface TexProps {
  text: string;
  /** When false, math stays as its TeX source (the "render math" setting). */
  render?: boolean;
}

/** Untrusted text with `$...$` math rendered by KaTeX; plain text wherever KaTeX fails. */
export function Tex({ text, render = true }: TexProps) {
  if (!render) return <>{text}</>;
  const segments = splitTex(text);
  return (
    <>
      {segments.map((segment, index) => {
        if (segment.kind === 'text') return segment.text;
        const html = renderMath(segment.tex, segment.display);
        if (html === null) return <code key={index} class="tex-source">{segment.raw}</code>;
        // KaTeX output with trust:false is the only markup ever injected.
        return <span key={index} class="tex" dangerouslySetInnerHTML={{ __html: html }} />;
      })}
    </>
  );
}

/**
 * Separates KaTeX's `@font-face` rules from the rest of its stylesheet, keeping only the
 * woff2 sources (every supported browser reads woff2) and pointing them at the extension's
 * web-accessible copies.
 */
export function splitFontFaces(
  css: string,
  fontUrl: (file: string) => string,
): { fontFaces: string; rest: string } {
  const faces: string[] = [];
  const rest = css.replace(/@font-face\s*\{[^}]*\}/g, (rule) => {
    const woff2 = /url\(\s*['"]?(?:[^)'"]*\/)?([\w.-]+\.woff2)['"]?\s*\)\s*format\(\s*['"]woff2['"]\s*\)/.exec(rule);
    if (woff2?.[1]) {
      faces.push(rule.replace(/src\s*:[^;}]*/, `src:url("${fontUrl(woff2[1])}") format("woff2")`));
    }
    return '';
  });
  return { fontFaces: faces.join('\n'), rest };
}

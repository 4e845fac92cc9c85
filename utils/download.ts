/**
 * Let the user save a string as a file (library export), without the `downloads` permission:
 * an object URL clicked through a temporary `<a download>`.
 */
export function downloadText(filename: string, text: string, mimeType: string, doc: Document = document): void {
  const blob = new Blob([text], { type: `${mimeType};charset=utf-8` });
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    // Revoking at once can cancel the download in some browsers; give it a moment.
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }
}

/** `arxiv-pith-library-2026-05-20.bib`: date in local time, the day the user exported. */
export function exportFilename(ext: 'bib' | 'json', now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return `arxiv-pith-library-${day}.${ext}`;
}

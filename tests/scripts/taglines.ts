/**
 * `npm run --silent taglines -- FILE.jsonl` (a stable interface, issue 10): reads one JSON
 * object `{"id", "title", "abstract"}` per line and prints one line `{"id", "headline",
 * "qualifier"}` per input, in order, with the extractive engine. Nothing else goes to stdout;
 * a line that is not a JSON object still gets its output line (id null, title fallback) and a
 * note on stderr, so outputs stay aligned with inputs. `-` or no file reads stdin.
 */
import { readFileSync } from 'node:fs';
import { extractTagline } from '../../utils/tagline';

function main(): void {
  const file = process.argv.slice(2).find((a) => a !== '--');
  const text = readFileSync(file === undefined || file === '-' ? 0 : file, 'utf8');
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let rec: { id?: unknown; title?: unknown; abstract?: unknown } = {};
    try {
      const parsed: unknown = JSON.parse(line);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) rec = parsed as typeof rec;
      else throw new Error('not a JSON object');
    } catch (error) {
      process.stderr.write(`taglines: line ${i + 1}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    const title = typeof rec.title === 'string' ? rec.title : '';
    const abstract = typeof rec.abstract === 'string' ? rec.abstract : null;
    const t = extractTagline({ title, abstract });
    out.push(JSON.stringify({ id: rec.id ?? null, headline: t.headline, qualifier: t.qualifier }));
  });
  process.stdout.write(out.length > 0 ? `${out.join('\n')}\n` : '');
}

main();

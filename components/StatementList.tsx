import type { Statement } from '@/utils/paper';
import { cutStatementText, groupStatements, statementLabel, statementsSummary, statementUrl } from '@/utils/statements';
import { Tex } from './Tex';
import { t } from '@/utils/i18n';

interface StatementListProps {
  id: string;
  version: number | null;
  statements: Statement[];
  renderMath: boolean;
  /** id of the list element, for the badge's aria-controls. */
  listId: string;
}

/** One statement: "Theorem 2.1 (Title)" linking to its place in the paper, then its text. */
export function StatementItem({ statement: s, id, version, renderMath }: {
  statement: Statement; id: string; version: number | null; renderMath: boolean;
}) {
  // Statements come from the paper, a cache or an import: bounded again here, so no source
  // can hand KaTeX a megabyte of TeX. Rendered as text and KaTeX DOM, never as HTML.
  const text = cutStatementText(s.text);
  const title = s.title === null ? null : cutStatementText(s.title, 200);
  return (
    <li class="statement" data-pith="statement" data-name={s.name} data-number={s.number} data-anchor={s.anchor ?? ''}>
      <a class="statement-link" data-pith="statement-link" href={statementUrl(id, version, s.anchor)}>
        {statementLabel(s)}
      </a>
      {title && (
        <span class="statement-title" data-pith="statement-title">
          {' ('}
          {title}
          {')'}
        </span>
      )}
      <span class="statement-sep">. </span>
      <span class="statement-text" data-pith="statement-text">
        <Tex text={text} render={renderMath} />
      </span>
    </li>
  );
}

/**
 * The paper's statements in paper order, grouped by printed name under a summary line
 * ("2 Theorems · 3 Lemmas · 1 Definition"). Mounted only when opened, so math renders then.
 */
export function StatementList({ id, version, statements, renderMath, listId }: StatementListProps) {
  if (statements.length === 0) {
    return (
      <section class="statements" data-pith="statements" id={listId}>
        <p class="muted">{t('statementsNone')}</p>
      </section>
    );
  }
  return (
    <section class="statements" data-pith="statements" id={listId} aria-label={t('statementsLabel')}>
      <p class="statements-summary">{statementsSummary(statements)}</p>
      {groupStatements(statements).map((g) => (
        <ol class="statement-group" key={g.name} aria-label={g.name}>
          {g.items.map((s, i) => (
            <StatementItem key={`${s.anchor ?? ''}:${i}`} statement={s} id={id} version={version} renderMath={renderMath} />
          ))}
        </ol>
      ))}
    </section>
  );
}

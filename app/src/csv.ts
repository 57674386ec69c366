import Papa from 'papaparse';
import type { MessageKey } from './catalogue';
import { MAX_TAG, tagProblem } from './tag-rule';

/**
 * A manifest as a CSV file: one container per line, its tag first and, if the
 * sender declares one, its affiliation second; a first line "tag,…" is a
 * header. Declared identities (personal data) are not taken from files.
 * A tag holds no line break, so each line of the file is one container and
 * problems name lines as a spreadsheet shows them; papaparse reads the
 * line's fields (quotes, doubled quotes, a separator inside quotes).
 */

export interface ManifestLine {
  tag: string;
  declaredAffiliation?: string;
}
export interface LineProblem {
  line: number;
  key: MessageKey;
  params?: Record<string, string | number>;
}

export { MAX_TAG };
export const MAX_AFFILIATION = 100;
export const MAX_LINES = 10_000;

/** A line's cells: separated by semicolons when it has no comma (as some spreadsheets export), else by commas. */
function cells(row: string): string[] {
  const delimiter = row.includes(';') && !row.includes(',') ? ';' : ',';
  const { data, errors } = Papa.parse<string[]>(row, { delimiter });
  // Quotes as typed by hand (a space around a quoted cell, one left open): the cells between separators,
  // their outer quotes dropped.
  const fields = errors.length ? row.split(delimiter) : (data[0] ?? []);
  return fields.map((c) =>
    c
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim(),
  );
}

export function parseManifestCsv(text: string): { lines: ManifestLine[]; problems: LineProblem[] } {
  const lines: ManifestLine[] = [];
  const problems: LineProblem[] = [];
  const firstLineOf = new Map<string, number>();
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((row, index) => {
      const line = index + 1;
      if (!row.trim()) return;
      const [tag, affiliation, ...rest] = cells(row);
      if (index === 0 && tag.toLowerCase() === 'tag') return;
      if (rest.some((c) => c !== '')) problems.push({ line, key: 'csv.tooManyColumns' });
      const refused = tagProblem(tag);
      if (refused) return void problems.push({ line, ...refused });
      const first = firstLineOf.get(tag);
      if (first !== undefined) return void problems.push({ line, key: 'csv.duplicate', params: { tag, first } });
      firstLineOf.set(tag, line);
      if (affiliation && affiliation.length > MAX_AFFILIATION) {
        problems.push({ line, key: 'csv.affiliationTooLong', params: { max: MAX_AFFILIATION } });
      }
      lines.push({ tag, ...(affiliation ? { declaredAffiliation: affiliation } : {}) });
    });
  if (lines.length === 0 && problems.length === 0) problems.push({ line: 0, key: 'csv.empty' });
  if (lines.length > MAX_LINES) problems.push({ line: 0, key: 'csv.tooManyLines', params: { max: MAX_LINES } });
  return { lines, problems };
}

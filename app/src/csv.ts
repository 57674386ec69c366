import type { MessageKey } from './catalogue';

/**
 * A manifest as a CSV file: one container per line, its tag first and, if the
 * sender declares one, its affiliation second; a first line "tag,…" is a
 * header. Declared identities (personal data) are not taken from files.
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

export const MAX_TAG = 64;
export const MAX_AFFILIATION = 100;
export const MAX_LINES = 10_000;

function cells(row: string): string[] {
  const separator = row.includes(';') && !row.includes(',') ? ';' : ',';
  return row.split(separator).map((c) =>
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
      if (!tag) return void problems.push({ line, key: 'csv.emptyTag' });
      if (tag.length > MAX_TAG) return void problems.push({ line, key: 'csv.tagTooLong', params: { max: MAX_TAG } });
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

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { BENCHMARKS_DOC, readKeptRuns, renderReport, withReport } from '../../bench/report';

/**
 * The README and the guides in docs/ link to each other and into the tree:
 * every relative link must reach a file, every #anchor a heading (as GitHub
 * slugs it), and every guide must be reachable from the README.
 */

const ROOT = path.resolve(__dirname, '../..');
const DOCS = path.join(ROOT, 'docs');

// Documents other engineers are writing beside these guides: a link to one is
// tolerated while the file is absent; once it exists it is checked like any other.
const BEING_WRITTEN = new Set(['docs/deployment.md', 'docs/versioning.md', 'CHANGELOG.md']);

interface Link {
  from: string;
  line: number;
  target: string;
}

/** Markdown text without fenced code blocks (kept as blank lines) and inline code spans. */
function prose(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split('\n').map((line) => {
    const opening = /^\s*(```+|~~~+)/.exec(line);
    if (opening) {
      if (!fence) fence = opening[1][0];
      else if (opening[1][0] === fence) fence = undefined;
      return '';
    }
    return fence ? '' : line.replace(/`+[^`]*`+/g, '');
  });
}

/** Inline links and images: [text](target) and ![alt](target), title ignored. */
export function linksOf(file: string, markdown: string): Link[] {
  const links: Link[] = [];
  prose(markdown).forEach((line, i) => {
    for (const m of line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ from: file, line: i + 1, target: m[1] });
    }
  });
  return links;
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor of a document, repeated headings numbered -1, -2 … as GitHub does. */
export function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const opening = /^\s*(```+|~~~+)/.exec(line);
    if (opening) {
      if (!fence) fence = opening[1][0];
      else if (opening[1][0] === fence) fence = undefined;
      continue;
    }
    const heading = fence ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1].replace(/`/g, ''));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');
const relative = (abs: string) => path.relative(ROOT, abs).split(path.sep).join('/');

function documents(): string[] {
  const guides = existsSync(DOCS)
    ? readdirSync(DOCS)
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`)
    : [];
  return ['README.md', ...guides.sort()];
}

/** Where a link leads: the file (relative to the root) and the anchor, if any. */
function resolve(link: Link): { file: string; anchor?: string } {
  const [rawPath, anchor] = link.target.split('#', 2) as [string, string | undefined];
  const file = rawPath === '' ? link.from : relative(path.resolve(ROOT, path.dirname(link.from), decodeURI(rawPath)));
  return { file, anchor: anchor === undefined ? undefined : decodeURIComponent(anchor) };
}

function problemsOf(doc: string): string[] {
  const problems: string[] = [];
  for (const link of linksOf(doc, readFileSync(path.join(ROOT, doc), 'utf8'))) {
    if (isExternal(link.target)) continue;
    const { file, anchor } = resolve(link);
    const where = `${link.from}:${link.line} → ${link.target}`;
    const abs = path.join(ROOT, file);
    if (!existsSync(abs)) {
      if (!BEING_WRITTEN.has(file)) problems.push(`${where}: no such file ${file}`);
      continue;
    }
    if (anchor === undefined || anchor === '') continue;
    if (statSync(abs).isDirectory() || !file.endsWith('.md')) {
      problems.push(`${where}: an anchor into ${file}, which is not a Markdown document`);
    } else if (!anchorsOf(readFileSync(abs, 'utf8')).has(anchor)) {
      problems.push(`${where}: ${file} has no heading with the anchor #${anchor}`);
    }
  }
  return problems;
}

describe('links between the README and the guides', () => {
  it('reads anchors as GitHub makes them', () => {
    expect(slug('Field reports and the record')).toBe('field-reports-and-the-record');
    expect(slug('Seeing encrypted payloads: the codec server')).toBe('seeing-encrypted-payloads-the-codec-server');
    expect(slug('Running `npm test` (2 cores)')).toBe('running-npm-test-2-cores');
    expect([...anchorsOf('# Logs\n```\n# not a heading\n```\n## Logs\n')]).toEqual(['logs', 'logs-1']);
    expect(linksOf('README.md', 'see [a](docs/a.md#b), `[not](x.md)` and ![img](docs/images/i.png)')).toEqual([
      { from: 'README.md', line: 1, target: 'docs/a.md#b' },
      { from: 'README.md', line: 1, target: 'docs/images/i.png' },
    ]);
  });

  it.each(documents())('every relative link and anchor in %s resolves', (doc) => {
    expect(problemsOf(doc)).toEqual([]);
  });

  it('every guide in docs/ is reachable from the README', () => {
    const reached = new Set<string>(['README.md']);
    const queue = ['README.md'];
    while (queue.length > 0) {
      const doc = queue.shift()!;
      for (const link of linksOf(doc, readFileSync(path.join(ROOT, doc), 'utf8'))) {
        if (isExternal(link.target)) continue;
        const { file } = resolve(link);
        if (file.endsWith('.md') && !reached.has(file) && existsSync(path.join(ROOT, file))) {
          reached.add(file);
          queue.push(file);
        }
      }
    }
    expect(documents().filter((doc) => !reached.has(doc))).toEqual([]);
  });

  it('keeps the README short enough to read in five minutes', () => {
    const lines = readFileSync(path.join(ROOT, 'README.md'), 'utf8').trimEnd().split('\n').length;
    expect(lines).toBeLessThanOrEqual(250);
  });

  it('docs/benchmarks.md shows every run kept in bench/results/, as bench:report renders it', () => {
    expect(readKeptRuns().length).toBeGreaterThan(0);
    const doc = readFileSync(BENCHMARKS_DOC, 'utf8');
    // When this fails: npm run bench:report -- --write
    expect(doc).toBe(withReport(doc, renderReport()));
  });
});

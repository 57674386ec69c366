import { createReadStream } from 'node:fs';
import { parse, type InfoRecord, type Options, type Parser } from 'csv-parse';

/**
 * The register's CSV file, read as a stream by csv-parse (RFC 4180: fields in
 * double quotes may hold commas, line breaks and doubled quotes; LF, CRLF or
 * CR between records; a BOM is dropped; blank lines are no records). A
 * register of 126,000 people is read a chunk at a time, never whole. Each
 * record says the line it starts on, so a rejected row is named by its line
 * in the file as a spreadsheet shows it.
 */

export interface CsvRecord {
  /** 1-based line of the file the record starts on. */
  line: number;
  fields: string[];
  /** Set when the record's quoting is broken: its fields are not to be trusted. */
  malformed?: string;
}

export interface CsvProgress {
  /** Bytes of the file read so far. */
  bytes: number;
}

const MISQUOTED = 'a quote inside an unquoted field, or text after a closing quote';
const UNCLOSED = 'a quoted field is not closed before the end of the file';

// A record as RFC 4180 writes it. csv-parse reads misquoted records leniently (relax_quotes) so that one
// bad row cannot swallow the rows after it; this tells them apart, to reject them.
const FIELD = '(?:"(?:[^"]|"")*"|[^",\\r\\n]*)';
const WELL_QUOTED = new RegExp(`^${FIELD}(?:,${FIELD})*$`);

function misquoted(raw: string): boolean {
  if (!raw.includes('"')) return false;
  // The raw text may carry the line breaks of blank lines before it and the first character of its end.
  return !WELL_QUOTED.test(raw.replace(/^[\r\n]+|[\r\n]+$/g, ''));
}

const lineBreaks = (fields: string[]) =>
  fields.reduce((n, f) => (f.includes('\n') || f.includes('\r') ? n + (f.match(/\r\n?|\n/g)?.length ?? 0) : n), 0);

/** The records of a CSV file, in order; `progress.bytes` follows the reading. `chunkBytes`: the read size. */
export async function* readCsv(
  file: string,
  progress: CsvProgress = { bytes: 0 },
  chunkBytes = 64 * 1024,
): AsyncGenerator<CsvRecord> {
  // Where the next record starts: after every earlier record, blank line and line break inside a field.
  // (csv-parse's own info.lines counts a CRLF inside a quoted field twice.)
  let records = 0;
  let breaksInFields = 0;
  const nextLine = (emptyLines: number) => 1 + records + emptyLines + breaksInFields;

  const parser: Parser = parse({
    bom: true,
    raw: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // With `raw: true` a record reaches on_record with its text, and what it returns is the record read;
    // csv-parse's types model neither.
    on_record: (({ record: fields, raw }: { record: string[]; raw: string }, info: InfoRecord): CsvRecord => {
      const line = nextLine(info.empty_lines);
      records += 1;
      breaksInFields += lineBreaks(fields);
      return { line, fields, ...(misquoted(raw) ? { malformed: MISQUOTED } : {}) };
    }) as unknown as Options['on_record'],
    // The one error left once quotes are relaxed: a quoted field still open at the end of the file. Pushed
    // here, in the records' order.
    on_skip: (): undefined => {
      const malformed: CsvRecord = { line: nextLine(parser.info.empty_lines), fields: [], malformed: UNCLOSED };
      records += 1;
      parser.push(malformed);
    },
  });
  const source = createReadStream(file, { highWaterMark: chunkBytes });
  source.on('data', (chunk) => (progress.bytes += chunk.length));
  source.on('error', (err) => parser.destroy(err));
  for await (const record of source.pipe(parser)) yield record as CsvRecord;
}

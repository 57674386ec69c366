import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * A streaming CSV reader (RFC 4180: comma-separated, fields in double quotes
 * may hold commas, line breaks and doubled quotes; LF or CRLF between
 * records). A register of 126,000 people is read a chunk at a time, never
 * whole. Each record says the line it starts on, so a rejected row is named
 * by its line in the file as a spreadsheet shows it.
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

/** The records of a CSV file, in order; `progress.bytes` follows the reading. `chunkBytes`: the read size. */
export async function* readCsv(
  file: string,
  progress: CsvProgress = { bytes: 0 },
  chunkBytes = 64 * 1024,
): AsyncGenerator<CsvRecord> {
  const decoder = new StringDecoder('utf8');
  let line = 1;
  let start = 1;
  let fields: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let afterQuote = false; // a quoted field has just closed
  let malformed: string | undefined;
  let pendingCr = false;
  let first = true;
  const out: CsvRecord[] = [];

  const endRecord = () => {
    fields.push(field);
    // A blank line is no record.
    if (!(fields.length === 1 && fields[0] === '' && !afterQuote))
      out.push({ line: start, fields, ...(malformed ? { malformed } : {}) });
    fields = [];
    field = '';
    afterQuote = false;
    malformed = undefined;
  };

  const feed = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (pendingCr) {
        pendingCr = false;
        if (c === '\n') continue; // CRLF: the record ended at the CR
      }
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else if (i + 1 === text.length) {
            // The chunk ends on a quote: whether it is doubled is known with the next chunk.
            return '"';
          } else {
            quoted = false;
            afterQuote = true;
          }
        } else {
          if (c === '\n') line++;
          field += c;
        }
        continue;
      }
      if (c === ',') {
        fields.push(field);
        field = '';
        afterQuote = false;
      } else if (c === '\n' || c === '\r') {
        endRecord();
        line++;
        start = line;
        pendingCr = c === '\r';
      } else if (c === '"' && field === '' && !afterQuote) {
        quoted = true;
      } else {
        if (c === '"' || afterQuote) malformed ??= 'a quote inside an unquoted field, or text after a closing quote';
        field += c;
      }
    }
    return '';
  };

  let carry = '';
  for await (const chunk of createReadStream(file, { highWaterMark: chunkBytes })) {
    const bytes = chunk as Buffer;
    progress.bytes += bytes.length;
    let text = carry + decoder.write(bytes);
    if (first && text) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    carry = feed(text);
    if (out.length) yield* out.splice(0);
  }
  const rest = carry + decoder.end();
  if (rest) {
    // A quote at the very end of the file closes its field.
    if (rest === '"' && quoted) {
      quoted = false;
      afterQuote = true;
    } else feed(rest);
  }
  if (quoted) malformed = 'a quoted field is not closed before the end of the file';
  if (quoted || field !== '' || fields.length > 0 || afterQuote) endRecord();
  yield* out.splice(0);
}

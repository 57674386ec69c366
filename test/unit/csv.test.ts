import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCsv, type CsvRecord } from '../../src/missing-person/csv';

/** The register's CSV reader: quoting, line breaks inside fields, line numbers, whatever the chunk size. */

let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'csv-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(text: string, chunkBytes?: number): Promise<CsvRecord[]> {
  const file = path.join(dir, `f-${Math.random()}.csv`);
  writeFileSync(file, text);
  const out: CsvRecord[] = [];
  for await (const r of readCsv(file, { bytes: 0 }, chunkBytes)) out.push(r);
  return out;
}

const SAMPLE =
  '\uFEFFid,name,marks\r\n' +
  '1,Олексій Марчук,"tattoo, ""anchor""\r\nscar"\r\n' +
  '\r\n' + // a blank line is no record
  '2,"Ґалина ""Галя"" Ї",\n' +
  '3,,""\n' +
  '4,end,"last ""quoted"""';

const EXPECTED: CsvRecord[] = [
  { line: 1, fields: ['id', 'name', 'marks'] },
  { line: 2, fields: ['1', 'Олексій Марчук', 'tattoo, "anchor"\r\nscar'] },
  { line: 5, fields: ['2', 'Ґалина "Галя" Ї', ''] },
  { line: 6, fields: ['3', '', ''] },
  { line: 7, fields: ['4', 'end', 'last "quoted"'] },
];

describe('readCsv', () => {
  it('reads quoted fields, doubled quotes, line breaks in fields and Cyrillic, naming the line each record starts on', async () => {
    expect(await read(SAMPLE)).toEqual(EXPECTED);
  });

  it.each([1, 2, 3, 5, 7, 13])('reads the same when the file comes in chunks of %i bytes', async (size) => {
    expect(await read(SAMPLE, size)).toEqual(EXPECTED);
  });

  it('marks a record whose quoting is broken, and an unclosed quote at the end', async () => {
    const records = await read('a,b\n1,x"y\n2,"open\n');
    expect(records[1]).toMatchObject({ line: 2, malformed: expect.any(String) });
    expect(records[2]).toMatchObject({ line: 3, malformed: expect.stringMatching(/not closed/) });
  });

  it('when a closing quote is followed by text, then that record alone is marked and the records after it are read', async () => {
    const records = await read('a,b\n1,"q"z\n2,ok\n3,"multi\nline"\n\n4,end\n', 4);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '"q"z'], malformed: expect.any(String) },
      { line: 3, fields: ['2', 'ok'] },
      { line: 4, fields: ['3', 'multi\nline'] },
      { line: 7, fields: ['4', 'end'] },
    ]);
  });

  it('reads records ended by a lone CR, as older spreadsheets write them', async () => {
    expect(await read('a,b\r1,2\r\r3,4', 2)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 4, fields: ['3', '4'] },
    ]);
  });

  it('counts the bytes read', async () => {
    const progress = { bytes: 0 };
    const file = path.join(dir, 'bytes.csv');
    writeFileSync(file, SAMPLE);
    for await (const _ of readCsv(file, progress, 5));
    expect(progress.bytes).toBe(Buffer.byteLength(SAMPLE));
  });
});

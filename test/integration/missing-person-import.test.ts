import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { personalDataVault } from '../../src/missing-person/personal-data';
import { fileHash } from '../../src/missing-person/register-import';
import { eventually, spawnEntryPoint } from '../helpers/processes';
import { testDatabaseUrl, testPayloadKeys } from '../helpers/stack';
import { openWorld, type World } from '../api/support';

/**
 * `npm run import:missing` on the real PostgreSQL, as a process of its own:
 * a register's good rows become cases at rest (sealed, searchable through the
 * API), bad rows are reported by line and column, a second run of the same
 * file changes nothing, a run killed mid-way resumes with every row exactly
 * once, and nothing of a person is printed.
 */

let w: World;
let dir: string;
beforeAll(async () => {
  w = await openWorld();
  dir = mkdtempSync(path.join(tmpdir(), 'register-import-'));
});
afterAll(async () => {
  await w.stack.close();
  rmSync(dir, { recursive: true, force: true });
});

const HEADER =
  'register_id,name,date_of_birth,service_number,last_known_place,last_known_date,distinguishing_marks,' +
  'contact1_name,contact1_relation,contact1_address,contact1_channel,contact1_language,contact1_receives_remains,contact1_consent,contact1_share_with_other_party,' +
  'contact2_name,contact2_relation,contact2_address,contact2_channel,contact2_language,contact2_receives_remains,contact2_consent,contact2_share_with_other_party';

const env = () => ({
  DATABASE_URL: testDatabaseUrl(),
  PAYLOAD_KEYS: process.env.PAYLOAD_KEYS!,
  LOG_LEVEL: 'silent',
});

async function runImport(file: string, party: string, extra: string[] = []) {
  const p = spawnEntryPoint('src/main/import-missing.ts', env(), ['--party', party, ...extra, file]);
  const { code } = await p.exited;
  return { code, output: p.output() };
}

const casesOf = (prefix: string) =>
  w.stack.db.missingPersonCase.findMany({
    where: { caseNumber: { startsWith: prefix } },
    include: {
      contacts: { orderBy: { position: 'asc' } },
      searchKeys: { orderBy: { hash: 'asc' } },
      events: { orderBy: { key: 'asc' } },
    },
    orderBy: { caseNumber: 'asc' },
  });

describe('importing a register of missing persons', () => {
  it('when a register has good and bad rows, then the good ones are cases, the bad ones are reported by line and column, and nothing personal is printed', async () => {
    const run = randomUUID().slice(0, 6).toUpperCase();
    const id = (n: number) => `R${run}-${n}`;
    const lines = [
      HEADER,
      // line 2, a record over two lines (its marks hold a line break, allowed in free text)
      `${id(1)},Олексій Марчук,1979-11-02,AB-123456,Бахмут,2023-05-20,"tattoo, left forearm\nscar",Галина Марчук,mother,+380441234567,PHONE,uk,yes,IDENTIFICATION_ONLY,no,Petro Marchuk,FATHER,,POST,uk,no,IDENTIFICATION_AND_COURT,yes`,
      `${id(2)},Дмитро Ковальчук,1990-13-01,,,,,Олена Ковальчук,SPOUSE,,EMAIL,uk,true,IDENTIFICATION_ONLY,false,,,,,,,,`, // 4: no 13th month
      `${id(3)},,1990-01-01,,,,,Олена Бойко,SPOUSE,,EMAIL,uk,true,IDENTIFICATION_ONLY,false,,,,,,,,`, // 5: no name
      `${id(4)},Ivan Zaiets,,,,,,Maria Zaiets,AUNT,,PHONE,uk,true,IDENTIFICATION_ONLY,false,,,,,,,,`, // 6: no such relation
      `${id(1)},Taras Hnatiuk,,,,,,Oksana Hnatiuk,MOTHER,,PHONE,uk,true,IDENTIFICATION_ONLY,false,,,,,,,,`, // 7: repeated id
      `${id(5)},Stepan Melnyk,,,,,,Iryna Melnyk,MOTHER,,PHONE,uk,true,IDENTIFICATION_ONLY,false,Oleh Melnyk,BROTHER,,PHONE,uk,true,IDENTIFICATION_ONLY,false`, // 8: two receive the remains
      `${id(6)},Яків\u0000Шпак,,,,,,Ніна Шпак,MOTHER,,PHONE,uk,true,IDENTIFICATION_ONLY,false,,,,,,,,`, // 9: a NUL in the name
      `${id(7)},Too Short`, // 10
      `${id(8)},Василь Гуменюк,1985-07-14,ВС 654321,Авдіївка,2024-01-10,,Ганна Гуменюк,MOTHER,ganna@example.ua,EMAIL,uk,true,IDENTIFICATION_AND_COURT,true,,,,,,,,`, // 11
      `${id(9)},Сергій Ткаченко,,,,,,,,,,,,,,,,,,,,,`, // 12: no relative
    ];
    const file = path.join(dir, `register-${run}.csv`);
    writeFileSync(file, lines.join('\r\n') + '\r\n');

    const first = await runImport(file, 'UA');
    expect(first.code).toBe(2); // some rows rejected
    expect(first.output).toMatch(/10 rows read: 2 new cases, 0 already present, 8 rejected/);

    const report = readFileSync(`${file}.rejected.csv`, 'utf8').trim().split('\n');
    expect(report[0]).toBe('line,field,reason');
    expect(report.slice(1)).toEqual([
      '4,date_of_birth,"must be a calendar date, YYYY-MM-DD"',
      '5,name,is required',
      expect.stringMatching(/^6,contact1_relation,/),
      '7,register_id,repeats the register identifier of line 2',
      '8,contacts,at most one contact receives the remains',
      expect.stringMatching(/^9,name,.*U\+0000/),
      '10,row,"has 2 fields, the header 23"',
      '12,contact1_name,is required',
    ]);
    for (const secret of ['Марчук', 'Marchuk', 'Ковальчук', 'Zaiets', 'Hnatiuk', 'Melnyk', 'Гуменюк', 'Ткаченко']) {
      expect(first.output).not.toContain(secret);
      expect(report.join('\n')).not.toContain(secret);
    }
    for (const secret of ['AB-123456', '+380441234567', 'ganna@example.ua', 'Бахмут', '1979-11-02']) {
      expect(first.output).not.toContain(secret);
    }

    const cases = await casesOf(`MP-UA-R${run}-`);
    expect(cases.map((c) => [c.caseNumber, c.party, c.status, c.source])).toEqual([
      [`MP-UA-${id(1)}`, 'UA', 'REPORTED', 'REGISTER_IMPORT'],
      [`MP-UA-${id(8)}`, 'UA', 'REPORTED', 'REGISTER_IMPORT'],
    ]);
    // Sealed at rest, with the person's data as the register gave it.
    const vault = personalDataVault(testPayloadKeys());
    const [marchuk] = cases;
    expect(marchuk.personalData).not.toContain('Марчук');
    expect(vault.open(marchuk.personalData)).toEqual({
      name: 'Олексій Марчук',
      dateOfBirth: '1979-11-02',
      serviceNumber: 'AB-123456',
      lastKnownPlace: 'Бахмут',
      lastKnownDate: '2023-05-20',
      distinguishingMarks: 'tattoo, left forearm\nscar',
    });
    expect(
      marchuk.contacts
        .sort((a, b) => a.position - b.position)
        .map((c) => [
          c.position,
          c.relation,
          c.receivesRemains,
          c.consentScope,
          c.shareWithOtherParty,
          vault.open(c.personalData),
        ]),
    ).toEqual([
      [1, 'MOTHER', true, 'IDENTIFICATION_ONLY', false, { name: 'Галина Марчук', address: '+380441234567' }],
      [2, 'FATHER', false, 'IDENTIFICATION_AND_COURT', true, { name: 'Petro Marchuk' }],
    ]);
    expect(marchuk.events.map((e) => [e.kind, e.status])).toEqual([['OPENED', 'REPORTED']]);

    // Found through the API's blind index, by name in either script and by service number.
    const search = async (query: string) =>
      (await w.get('tracing', `/api/missing-persons?${query}`).expect(200)).body.items.map(
        (i: { caseNumber: string }) => i.caseNumber,
      );
    expect(await search(`name=${encodeURIComponent('Oleksii Marchuk')}`)).toContain(`MP-UA-${id(1)}`);
    expect(await search(`serviceNumber=${encodeURIComponent('ab 123456')}`)).toContain(`MP-UA-${id(1)}`);
    expect(await search(`name=${encodeURIComponent('Vasyl Humeniuk')}&party=UA`)).toContain(`MP-UA-${id(8)}`);

    // The same file again: nothing changes.
    const before = JSON.stringify(await casesOf(`MP-UA-R${run}-`));
    const second = await runImport(file, 'UA');
    expect(second.code).toBe(2);
    expect(second.output).toMatch(/imported before, in full/);
    expect(second.output).toMatch(/10 rows read: 0 new cases, 0 already present, 8 rejected/);
    expect(JSON.stringify(await casesOf(`MP-UA-R${run}-`))).toBe(before);

    // A later edition of the register (another file) with one more row: only that row is added.
    const edition = path.join(dir, `register-${run}-b.csv`);
    writeFileSync(
      edition,
      [
        ...lines,
        `${id(10)},Роман Гнатюк,,,,,,Оксана Гнатюк,MOTHER,,PHONE,uk,true,IDENTIFICATION_ONLY,false,,,,,,,,`,
      ].join('\n') + '\n',
    );
    const third = await runImport(edition, 'UA');
    expect(third.output).toMatch(/11 rows read: 1 new case, 2 already present, 8 rejected/);
    expect((await casesOf(`MP-UA-R${run}-`)).map((c) => c.caseNumber)).toEqual([
      `MP-UA-${id(1)}`,
      `MP-UA-${id(10)}`,
      `MP-UA-${id(8)}`,
    ]);
  });
});

describe('importing a register of missing persons: a run killed mid-way', () => {
  it('when the import is killed mid-way, then running it again resumes after the last committed batch and every row is in exactly once', async () => {
    const run = randomUUID().slice(0, 6).toUpperCase();
    const rows = 120;
    const file = path.join(dir, `register-${run}.csv`);
    const lines = [HEADER];
    for (let i = 1; i <= rows; i++) {
      lines.push(
        `K${run}-${i},Микола Шевчук ${'Іванович'},1980-01-01,ZZ-${run}-${i},,,,Ірина Шевчук,MOTHER,,PHONE,uk,true,IDENTIFICATION_ONLY,false,,,,,,,,`,
      );
    }
    writeFileSync(file, lines.join('\n') + '\n');
    const prefix = `MP-RU-K${run}-`;
    const stuck = `${prefix}75`;

    // PostgreSQL holds the batch holding row 75 (a trigger sleeps on it): the process is killed right there.
    const admin = new PgClient({ connectionString: testDatabaseUrl() });
    await admin.connect();
    const fn = `hold_${run.toLowerCase()}`;
    await admin.query(
      `CREATE FUNCTION ${fn}() RETURNS trigger AS $$ BEGIN IF NEW."caseNumber" = '${stuck}' THEN PERFORM pg_sleep(60); END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
    );
    await admin.query(
      `CREATE TRIGGER ${fn} BEFORE INSERT ON "MissingPersonCase" FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    );
    let interruptedOutput: string;
    try {
      const p = spawnEntryPoint('src/main/import-missing.ts', env(), ['--party', 'RU', '--batch', '10', file]);
      const held = await eventually(
        async () => {
          const { rows: r } = await admin.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE '%MissingPersonCase%'`,
          );
          return r[0]?.pid;
        },
        'the import to reach row 75',
        60_000,
      );
      p.child.kill('SIGKILL');
      const exit = await p.exited;
      expect(exit.signal).toBe('SIGKILL');
      interruptedOutput = p.output();
      // The dead client's transaction goes with its connection.
      await admin.query('SELECT pg_terminate_backend($1)', [held]);
    } finally {
      await admin.query(`DROP TRIGGER ${fn} ON "MissingPersonCase"`);
      await admin.query(`DROP FUNCTION ${fn}()`);
      await admin.end();
    }
    expect(interruptedOutput).not.toContain('Шевчук');

    const checkpoint = await w.stack.db.missingPersonImport.findUniqueOrThrow({
      where: { id: `RU:${await fileHash(file)}` },
    });
    expect(checkpoint.finishedAt).toBeNull();
    const committed = await casesOf(prefix);
    // Row 75 is on line 76: the batches before it are in, nothing of its own batch is.
    expect(committed.length).toBe(checkpoint.lastLine - 1);
    expect(committed.length).toBeGreaterThan(0);
    expect(committed.length).toBeLessThan(75);

    const resumed = await runImport(file, 'RU', ['--batch', '10']);
    expect(resumed.code).toBe(0);
    expect(resumed.output).toContain(`resumed after line ${checkpoint.lastLine}`);
    expect(resumed.output).toMatch(
      new RegExp(`${rows} rows read: ${rows - committed.length} new cases, 0 already present, 0 rejected`),
    );

    const all = await casesOf(prefix);
    expect(all.length).toBe(rows);
    expect(new Set(all.map((c) => c.caseNumber)).size).toBe(rows);
    for (const c of all) {
      expect(c.contacts.length).toBe(1);
      expect(c.events.filter((e) => e.kind === 'OPENED').length).toBe(1);
      // Each case: its three name parts and its service number.
      expect(c.searchKeys.map((k) => k.kind).sort()).toEqual(['NAME_PART', 'NAME_PART', 'NAME_PART', 'SERVICE_NUMBER']);
    }
    const done = await w.stack.db.missingPersonImport.findUniqueOrThrow({ where: { id: checkpoint.id } });
    expect(done.finishedAt).not.toBeNull();
    expect(done.imported).toBe(rows);
  });
});

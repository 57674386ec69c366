// A synthetic register of missing persons, as a party would hand it over (CSV,
// the columns of `npm run import:missing`): invented but realistic Ukrainian
// and Russian names (given name, patronymic, family name; family names as
// unevenly common as real ones), service numbers, places and dates, one or two
// relatives. Deterministic: the same seed gives the same file, byte for byte.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

import {
  UA_GIVEN,
  UA_PATRONYMIC,
  UA_FAMILY,
  RU_GIVEN,
  RU_PATRONYMIC,
  RU_FAMILY,
  UA_FEMALE,
  RU_FEMALE,
  UA_PLACES,
  RU_PLACES,
  MARKS,
  RELATIONS,
} from './register-names';

export const REGISTER_HEADER = [
  'register_id',
  'name',
  'date_of_birth',
  'service_number',
  'last_known_place',
  'last_known_date',
  'distinguishing_marks',
  ...[1, 2].flatMap((n) =>
    ['name', 'relation', 'address', 'channel', 'language', 'receives_remains', 'consent', 'share_with_other_party'].map(
      (c) => `contact${n}_${c}`,
    ),
  ),
];

/** mulberry32: small, fast, and the same sequence everywhere for a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RegisterPerson {
  registerId: string;
  name: string;
  serviceNumber: string;
}

const csv = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const UA_LETTERS = 'АВЕКМНОРСТХ';
const RU_LETTERS = 'АБВГДЕЖИКЛМНОПРСТУ';

/**
 * Writes `size` rows of `party`'s register to `file`; returns a sample of the
 * people in it (every `sampleEvery`-th), for the searches.
 */
export async function writeRegister(
  file: string,
  party: 'UA' | 'RU',
  size: number,
  seed: number,
  sampleEvery = 100,
): Promise<RegisterPerson[]> {
  const rnd = prng(seed);
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
  // Family names as real ones are: a few very common, a long tail.
  const pickFamily = (list: string[]) => list[Math.floor(rnd() ** 1.5 * list.length)];
  const ua = party === 'UA';
  const out = createWriteStream(file);
  const sample: RegisterPerson[] = [];
  out.write(REGISTER_HEADER.join(',') + '\n');
  for (let i = 1; i <= size; i++) {
    const family = pickFamily(ua ? UA_FAMILY : RU_FAMILY);
    const name = `${family} ${pick(ua ? UA_GIVEN : RU_GIVEN)} ${pick(ua ? UA_PATRONYMIC : RU_PATRONYMIC)}`;
    const letters = ua ? UA_LETTERS : RU_LETTERS;
    const serviceNumber = ua
      ? `${pick([...letters])}${pick([...letters])} ${pad(Math.floor(rnd() * 1e6), 6)}`
      : `${pick([...letters])}-${pad(Math.floor(rnd() * 1e6), 6)}`;
    const registerId = `${party}${seed % 1000}-${pad(i, 7)}`;
    const born = `${1960 + Math.floor(rnd() * 45)}-${pad(1 + Math.floor(rnd() * 12), 2)}-${pad(1 + Math.floor(rnd() * 28), 2)}`;
    const lastSeen = `${2022 + Math.floor(rnd() * 3)}-${pad(1 + Math.floor(rnd() * 12), 2)}-${pad(1 + Math.floor(rnd() * 28), 2)}`;
    const marks = rnd() < 0.3 ? pick(MARKS) + (rnd() < 0.3 ? `\n${pick(MARKS)}` : '') : '';
    const contact = (receives: boolean) => {
      const relation = pick(RELATIONS);
      const channel = pick(['PHONE', 'PHONE', 'PHONE', 'EMAIL', 'POST']);
      const address =
        channel === 'PHONE'
          ? `${ua ? '+380' : '+7'}${pad(Math.floor(rnd() * 1e9), 9)}`
          : channel === 'EMAIL'
            ? `family${i}@example.${ua ? 'ua' : 'ru'}`
            : `${pick(ua ? UA_PLACES : RU_PLACES)}, вул. ${pick(ua ? UA_FAMILY : RU_FAMILY)}, ${1 + Math.floor(rnd() * 120)}`;
      const woman = relation === 'MOTHER' || relation === 'SISTER' || relation === 'DAUGHTER' || relation === 'SPOUSE';
      const given = woman ? (ua ? UA_FEMALE : RU_FEMALE) : ua ? UA_GIVEN : RU_GIVEN;
      return [
        `${family}${woman && !ua ? 'а' : ''} ${pick(given)}`,
        relation,
        address,
        channel,
        ua ? 'uk' : 'ru',
        receives ? 'true' : 'false',
        rnd() < 0.8 ? 'IDENTIFICATION_ONLY' : 'IDENTIFICATION_AND_COURT',
        rnd() < 0.5 ? 'true' : 'false',
      ];
    };
    const second = rnd() < 0.3;
    const row = [
      registerId,
      name,
      born,
      serviceNumber,
      pick(ua ? UA_PLACES : RU_PLACES),
      lastSeen,
      marks,
      ...contact(true),
      ...(second ? contact(false) : ['', '', '', '', '', '', '', '']),
    ];
    if (!out.write(row.map(csv).join(',') + '\n')) await once(out, 'drain');
    if (i % sampleEvery === 0) sample.push({ registerId, name, serviceNumber });
  }
  out.end();
  await once(out, 'finish');
  return sample;
}

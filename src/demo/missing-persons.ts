/**
 * The families' side of the June 2025 demo: people reported missing by their
 * families on both sides, opened by the intermediary's tracing officers through
 * the API. The persons are the ones whose identity the sender declared on the
 * manifests (demoManifestLine), so their remains are among the containers
 * handed over. Invented names: personal data in form only.
 */

export interface DemoFamily {
  name: string;
  relation: 'MOTHER' | 'FATHER' | 'SPOUSE' | 'SISTER' | 'BROTHER';
  address: string;
  channel: 'PHONE' | 'EMAIL' | 'POST';
}

export interface DemoMissingPerson {
  party: 'UA' | 'RU';
  person: {
    name: string;
    dateOfBirth: string;
    serviceNumber: string;
    lastKnownPlace: string;
    lastKnownDate: string;
    distinguishingMarks?: string;
  };
  family: DemoFamily;
}

/** Six Ukrainian families and two Russian ones. */
export const JUNE_2025_MISSING: DemoMissingPerson[] = [
  {
    party: 'UA',
    person: {
      name: 'Олексій Марчук',
      dateOfBirth: '1979-11-02',
      serviceNumber: 'АВ 123456',
      lastKnownPlace: 'Бахмут',
      lastKnownDate: '2023-05-20',
      distinguishingMarks: 'tattoo of an anchor, left forearm',
    },
    family: { name: 'Галина Марчук', relation: 'MOTHER', address: '+380441234567', channel: 'PHONE' },
  },
  {
    party: 'UA',
    person: {
      name: 'Андрій Гнатюк',
      dateOfBirth: '1986-04-17',
      serviceNumber: 'ВК 204518',
      lastKnownPlace: 'Авдіївка',
      lastKnownDate: '2024-02-11',
    },
    family: { name: 'Оксана Гнатюк', relation: 'SPOUSE', address: 'oksana.hnatiuk@example.ua', channel: 'EMAIL' },
  },
  {
    party: 'UA',
    person: {
      name: 'Микола Ткаченко',
      dateOfBirth: '1991-09-30',
      serviceNumber: 'КМ 377201',
      lastKnownPlace: 'Роботине',
      lastKnownDate: '2023-08-28',
    },
    family: { name: 'Петро Ткаченко', relation: 'FATHER', address: 'Полтава, вул. Соборності, 12', channel: 'POST' },
  },
  {
    party: 'UA',
    person: {
      name: 'Павло Демченко',
      dateOfBirth: '1975-01-08',
      serviceNumber: 'НО 550913',
      lastKnownPlace: 'Кринки',
      lastKnownDate: '2024-01-03',
      distinguishingMarks: 'healed fracture, right tibia',
    },
    family: { name: 'Ірина Демченко', relation: 'SISTER', address: '+380672223344', channel: 'PHONE' },
  },
  {
    party: 'UA',
    person: {
      name: 'Іван Мельник',
      dateOfBirth: '1998-06-22',
      serviceNumber: 'РС 618044',
      lastKnownPlace: 'Вовчанськ',
      lastKnownDate: '2024-05-17',
    },
    family: { name: 'Тетяна Мельник', relation: 'MOTHER', address: '+380503334455', channel: 'PHONE' },
  },
  {
    party: 'UA',
    person: {
      name: 'Сергій Бойко',
      dateOfBirth: '1983-12-05',
      serviceNumber: 'ТХ 702390',
      lastKnownPlace: 'Часів Яр',
      lastKnownDate: '2024-07-09',
    },
    family: { name: 'Наталія Бойко', relation: 'SPOUSE', address: 'n.boiko@example.ua', channel: 'EMAIL' },
  },
  {
    party: 'RU',
    person: {
      name: 'Дмитрий Соколов',
      dateOfBirth: '1988-03-14',
      serviceNumber: 'Б-345678',
      lastKnownPlace: 'Работино',
      lastKnownDate: '2023-09-02',
    },
    family: { name: 'Елена Соколова', relation: 'MOTHER', address: '+79161234567', channel: 'PHONE' },
  },
  {
    party: 'RU',
    person: {
      name: 'Александр Орлов',
      dateOfBirth: '1994-10-21',
      serviceNumber: 'К-902117',
      lastKnownPlace: 'Суджа',
      lastKnownDate: '2024-08-15',
    },
    family: { name: 'Мария Орлова', relation: 'SPOUSE', address: 'm.orlova@example.ru', channel: 'EMAIL' },
  },
];

/** The request that opens a demo family's case (POST /api/missing-persons). */
export const openMissingPersonBody = (m: DemoMissingPerson) => ({
  party: m.party,
  person: m.person,
  contacts: [
    {
      name: m.family.name,
      relation: m.family.relation,
      address: m.family.address,
      preferredChannel: m.family.channel,
      preferredLanguage: m.party === 'UA' ? 'uk' : 'ru',
      receivesRemains: true,
      consent: { scope: 'IDENTIFICATION_ONLY' as const, shareWithOtherParty: true },
    },
  ],
});

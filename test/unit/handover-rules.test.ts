import {
  checkOpenDay,
  checkRecordCount,
  checkSignOff,
  countDiscrepancies,
  type HandoverState,
} from '../../workflows/handover-day/rules';
import {
  checkHandOver,
  checkRecordReceipt,
  checkSubmitManifest,
  missingTags,
} from '../../workflows/handover-day/container-rules';
import {
  checkIncident,
  checkSpotCheck,
  fieldNoteProblem,
  spotCheckDiscrepancies,
} from '../../workflows/handover-day/field-report-rules';
import { RuleViolation } from '../../workflows/shared/refusal';
import { actors, RU_UA, UA_RU } from '../helpers/actors';

function day(overrides: Partial<HandoverState> = {}): HandoverState {
  return {
    operationReference: 'RU-UA-2025-06',
    dayKey: '2025-06-16',
    date: '2025-06-16',
    exchangePoint: 'Belarus–Ukraine border',
    parties: ['RU', 'UA'],
    status: 'IN_PROGRESS',
    suspended: false,
    directions: [
      {
        direction: RU_UA,
        plannedCount: 3,
        manifests: [{ version: 1, status: 'ACKNOWLEDGED', tags: ['A', 'B', 'C'] }],
        counts: {},
        received: ['A'],
        extra: [],
        missing: [],
      },
      { direction: UA_RU, plannedCount: 0, manifests: [], counts: {}, received: [], extra: [], missing: [] },
    ],
    signOffs: {},
    escalated: false,
    ...overrides,
  };
}

const reason = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RuleViolation);
    return (err as Error).message;
  }
  throw new Error('expected a rule violation');
};

describe('handover day rules', () => {
  it('when the same source reports the same count again, then it is accepted as a no-op; a different value is refused', () => {
    const state = day();
    state.directions[0].counts.SENDER = 1248;
    expect(checkRecordCount(state, RU_UA, 'SENDER', 1248, actors.ru)).toBe(false);
    expect(reason(() => checkRecordCount(state, RU_UA, 'SENDER', 1245, actors.ru))).toMatch(/already recorded as 1248/);
    expect(checkRecordCount(state, RU_UA, 'RECEIVER', 1245, actors.ua)).toBe(true);
  });

  it('when a count comes from the wrong person, then it is refused whoever they are', () => {
    const state = day();
    expect(reason(() => checkRecordCount(state, RU_UA, 'RECEIVER', 1, actors.ru))).toBe(
      'Only a liaison of UA can record the receiver count.',
    );
    expect(reason(() => checkRecordCount(state, RU_UA, 'INTERMEDIARY', 1, actors.ua))).toBe(
      "Only the intermediary's field staff record the observed count.",
    );
    expect(reason(() => checkRecordCount(state, RU_UA, 'SENDER', 1.5, actors.ru))).toBe(
      'A count must be a whole number, zero or more.',
    );
  });

  it('when a batch names a tag twice or one already received, then the whole batch is refused', () => {
    const state = day();
    expect(reason(() => checkRecordReceipt(state, RU_UA, ['B', 'B'], actors.ua))).toBe('Already received: B.');
    expect(reason(() => checkRecordReceipt(state, RU_UA, ['A'], actors.ua))).toBe('Already received: A.');
    expect(() => checkRecordReceipt(state, RU_UA, ['B', 'X'], actors.ua)).not.toThrow();
  });

  it('when a manifest repeats a tag or comes after receipts began, then it is refused', () => {
    const fresh = day({ status: 'SCHEDULED' });
    fresh.directions[0].received = [];
    expect(reason(() => checkSubmitManifest(fresh, RU_UA, [{ tag: 'A' }, { tag: 'A' }], actors.ru))).toBe(
      'Tag A is listed twice.',
    );
    expect(reason(() => checkSubmitManifest(day(), RU_UA, [{ tag: 'Z' }], actors.ru))).toMatch(
      /can no longer be corrected/,
    );
    expect(reason(() => checkSubmitManifest(fresh, RU_UA, [{ tag: 'Z' }], actors.ua))).toBe(
      'Only a liaison of RU can submit the manifest of RU.',
    );
  });

  it('when a receiver has not acknowledged the list, then the day cannot open; a direction planned at zero needs no list', () => {
    const state = day({ status: 'SCHEDULED' });
    expect(() => checkOpenDay(state, actors.field)).not.toThrow();
    state.directions[0].manifests[0].status = 'SUBMITTED';
    expect(reason(() => checkOpenDay(state, actors.field))).toMatch(
      /a delivery the receiver has not accepted is not a handover/,
    );
  });

  it('when all counts are in, then sign-off is per party and only for its own party', () => {
    const state = day({ status: 'COUNTS_RECORDED' });
    expect(reason(() => checkSignOff(state, 'RU', actors.ua))).toBe('A liaison of UA cannot sign for RU.');
    expect(checkSignOff(state, 'UA', actors.ua)).toBe(true);
    expect(checkSignOff({ ...state, signOffs: { UA: 'liaison-ua-1' } }, 'UA', actors.ua)).toBe(false);
    expect(reason(() => checkSignOff({ ...state, status: 'SIGNED_OFF' }, 'UA', actors.ua))).toBe(
      'The day is already signed off.',
    );
  });

  it('finds count mismatches only where all three counts are in and differ, and the lines never received', () => {
    const state = day();
    state.directions[0].counts = { SENDER: 1248, RECEIVER: 1245 };
    expect(countDiscrepancies(state)).toEqual([]);
    state.directions[0].counts.INTERMEDIARY = 1245;
    state.directions[1].counts = { SENDER: 51, RECEIVER: 51, INTERMEDIARY: 51 };
    expect(countDiscrepancies(state)).toEqual([
      {
        key: 'COUNT_MISMATCH:RU>UA',
        kind: 'COUNT_MISMATCH',
        details: { direction: RU_UA, counts: { SENDER: 1248, RECEIVER: 1245, INTERMEDIARY: 1245 } },
      },
    ]);
    expect(missingTags(state.directions[0])).toEqual(['B', 'C']);
  });
});

describe('field reports: spot checks and incidents', () => {
  it('when field staff spot-check a listed or received tag of an open day, then it is accepted; anyone else is refused', () => {
    const state = day();
    state.directions[0].extra = ['X'];
    for (const tag of ['B', 'A', 'X'])
      expect(() => checkSpotCheck(state, RU_UA, tag, undefined, actors.field)).not.toThrow();
    expect(() =>
      checkSpotCheck(day({ status: 'COUNTS_RECORDED' }), RU_UA, 'B', 'seal 4471', actors.field),
    ).not.toThrow();
    for (const by of [actors.ua, actors.ru, actors.coordinator]) {
      expect(reason(() => checkSpotCheck(state, RU_UA, 'B', undefined, by))).toBe(
        "Only the intermediary's field staff spot-check containers.",
      );
    }
  });

  it('when a tag is not on the accepted manifest nor received, then the spot check is refused', () => {
    const state = day();
    expect(reason(() => checkSpotCheck(state, RU_UA, 'Z', undefined, actors.field))).toBe(
      'Tag Z is not part of this day.',
    );
    // A corrected manifest not yet acknowledged does not count; the accepted one still does.
    state.directions[0].manifests.push({ version: 2, status: 'SUBMITTED', tags: ['A', 'B', 'C', 'D'] });
    expect(reason(() => checkSpotCheck(state, RU_UA, 'D', undefined, actors.field))).toBe(
      'Tag D is not part of this day.',
    );
    expect(() => checkSpotCheck(state, RU_UA, 'C', undefined, actors.field)).not.toThrow();
    // The other direction's tags are not this direction's.
    expect(reason(() => checkSpotCheck(state, UA_RU, 'A', undefined, actors.field))).toBe(
      'Tag A is not part of this day.',
    );
  });

  it('when a tag was already spot-checked, then a second check is refused', () => {
    const state = day({ spotChecks: [{ direction: RU_UA, tag: 'B', sealIntact: true }] });
    expect(reason(() => checkSpotCheck(state, RU_UA, 'B', undefined, actors.field))).toBe(
      'Tag B has already been spot-checked.',
    );
    expect(() => checkSpotCheck(state, RU_UA, 'C', undefined, actors.field)).not.toThrow();
  });

  it('when the day is not open, suspended or ended, then spot checks are refused', () => {
    expect(reason(() => checkSpotCheck(day({ status: 'SCHEDULED' }), RU_UA, 'B', undefined, actors.field))).toBe(
      'Containers are spot-checked once the day is open.',
    );
    expect(reason(() => checkSpotCheck(day({ suspended: true }), RU_UA, 'B', undefined, actors.field))).toBe(
      'The operation is suspended; reports resume when it is resumed.',
    );
    expect(reason(() => checkSpotCheck(day({ status: 'SIGNED_OFF' }), RU_UA, 'B', undefined, actors.field))).toMatch(
      /already signed off/,
    );
  });

  it('when a note looks like personal data or is too long, then it is refused', () => {
    expect(fieldNoteProblem('seal 4471 replaced, 123456')).toBeUndefined();
    expect(fieldNoteProblem('call 0671234567')).toMatch(/more than 6 digits/);
    expect(fieldNoteProblem('ask x@y.org')).toMatch(/'@'/);
    expect(fieldNoteProblem('x'.repeat(201))).toMatch(/at most 200/);
    expect(fieldNoteProblem('   ')).toBe('must not be empty');
    expect(reason(() => checkSpotCheck(day(), RU_UA, 'B', 'passport 1234567', actors.field))).toBe(
      '/note must not contain runs of more than 6 digits (no personal numbers)',
    );
    expect(reason(() => checkIncident(day(), 'DELAY', 'a@b', actors.field))).toBe(
      "/note must not contain '@' (no contact addresses)",
    );
  });

  it('when a seal is broken, then a BROKEN_SEAL discrepancy is keyed by direction and tag; an intact seal finds none', () => {
    expect(spotCheckDiscrepancies({ direction: RU_UA, tag: 'B', sealIntact: true })).toEqual([]);
    expect(spotCheckDiscrepancies({ direction: RU_UA, tag: 'B', sealIntact: false })).toEqual([
      { key: 'BROKEN_SEAL:RU>UA:B', kind: 'BROKEN_SEAL', details: { direction: RU_UA, tag: 'B' } },
    ]);
  });

  it('when an incident is reported, then field staff or a coordinator may on any day not ended, even suspended', () => {
    for (const status of ['SCHEDULED', 'POSTPONED', 'IN_PROGRESS', 'COUNTS_RECORDED'] as const) {
      expect(() =>
        checkIncident(day({ status, suspended: true }), 'SECURITY', 'shelling nearby', actors.field),
      ).not.toThrow();
    }
    expect(() => checkIncident(day(), 'EQUIPMENT', 'scanner down', actors.coordinator)).not.toThrow();
    expect(reason(() => checkIncident(day(), 'DELAY', 'late', actors.ua))).toBe(
      'Only the intermediary reports incidents.',
    );
    expect(reason(() => checkIncident(day({ status: 'ABORTED' }), 'OTHER', 'x', actors.field))).toMatch(
      /already aborted/,
    );
    expect(reason(() => checkIncident(day(), 'FIRE' as never, 'x', actors.field))).toMatch(/^An incident is one of /);
  });
});

describe('custody hand-overs: each releasing custodian attests its own, in the order custody passes', () => {
  /** A custodian day: the intermediary took over A and B; nothing received yet. */
  const custodianDay = () => {
    const state = day({ custodyByCustodian: true });
    Object.assign(state.directions[0], { received: [], takenOver: ['A', 'B'] });
    return state;
  };

  it('when the sender hands over what the intermediary took over, then the next custodian is the intermediary; anything else is refused', () => {
    const state = custodianDay();
    expect(checkHandOver(state, RU_UA, ['A'], actors.ru)).toBe('INTERMEDIARY');
    expect(reason(() => checkHandOver(state, RU_UA, ['C'], actors.ru))).toMatch(
      /^Not in the intermediary's custody: C\./,
    );
    expect(reason(() => checkHandOver(state, RU_UA, ['A'], actors.ua))).toBe(
      "Only a liaison of RU or the intermediary's field staff attest a hand-over of these containers.",
    );
    expect(reason(() => checkHandOver(state, RU_UA, ['A'], actors.coordinator))).toMatch(/^Only a liaison of RU/);
  });

  it('when the intermediary hands over, then only what the sender handed over, once; the receiver takes over only what it handed over', () => {
    const state = custodianDay();
    expect(reason(() => checkHandOver(state, RU_UA, ['A'], actors.field))).toBe(
      'RU has not attested its hand-over of: A.',
    );
    state.directions[0].handedOverBySender = ['A'];
    expect(reason(() => checkHandOver(state, RU_UA, ['A'], actors.ru))).toBe('Hand-over already attested: A.');
    expect(checkHandOver(state, RU_UA, ['A'], actors.field)).toBe('UA');
    expect(reason(() => checkRecordReceipt(state, RU_UA, ['A'], actors.ua))).toMatch(
      /^The intermediary has not attested its hand-over of: A\./,
    );
    state.directions[0].handedOverByIntermediary = ['A'];
    expect(() => checkRecordReceipt(state, RU_UA, ['A'], actors.ua)).not.toThrow();
  });

  it('when the intermediary only observes, then a hand-over is refused with the reason', () => {
    expect(reason(() => checkHandOver(day(), RU_UA, ['A'], actors.ru))).toMatch(/^The intermediary is not custodian/);
  });
});

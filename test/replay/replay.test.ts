import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { dataConverter, FAILURE_CONVERTER_PATH } from '../../src/temporal/data-converter';
import { historyPayloadKeys } from '../histories/payload-keys';
import { TEST_ENV } from '../setup/state';

/**
 * Determinism guard: every committed history must replay against today's
 * workflow code. A change that breaks one needs `patched()` or a new
 * workflow type, never an edited history. Histories recorded since payload
 * encryption (*-encrypted.json) decrypt with the histories' test key; older
 * ones are plain and pass through the codec unchanged.
 */
const HISTORIES_DIR = path.resolve(__dirname, '..', 'histories');
type PatchData = { payloads: Array<{ data: string }> };
const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

describe('replay of recorded histories', () => {
  it('has histories to replay, encrypted ones among them', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => f.endsWith('-encrypted.json')).length).toBeGreaterThan(0);
  });

  const patchesOf = (file: string): string[] => {
    const { events } = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as {
      events: Array<{ markerRecordedEventAttributes?: { markerName: string; details: Record<string, PatchData> } }>;
    };
    return events
      .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
      .flatMap((e) => e.markerRecordedEventAttributes!.details['patch-data'].payloads)
      .map((p) => (JSON.parse(Buffer.from(p.data, 'base64').toString('utf8')) as { id: string }).id);
  };

  it('has a history recorded with handlers queued in arrival order (patch serial-fifo), updates sent together', () => {
    expect(files).toContain('handover-day-concurrent-encrypted.json');
    expect(patchesOf('handover-day-concurrent-encrypted.json')).toContain('serial-fifo');
  });

  it('has a custodian day where each custodian attested its own take-over and hand-over (patches custody-by-custodian, custody-hand-overs)', () => {
    expect(files).toContain('handover-day-custodian-encrypted.json');
    expect(patchesOf('handover-day-custodian-encrypted.json')).toEqual(
      expect.arrayContaining(['custody-by-custodian', 'custody-hand-overs']),
    );
  });

  it('has days that answered from their state and projected their records (patch day-records-projected): one through its lifecycle, one with reports sent together, one with the intermediary as custodian', () => {
    const projected = [
      'handover-day-projected-encrypted.json',
      'handover-day-concurrent-projected-encrypted.json',
      'handover-day-custodian-projected-encrypted.json',
    ];
    expect(files).toEqual(expect.arrayContaining(projected));
    for (const file of projected) expect(patchesOf(file)).toContain('day-records-projected');
  });

  it('has a history of each discrepancy ending: resolved by both parties, and escalated at the deadline then decided', () => {
    expect(files).toEqual(
      expect.arrayContaining(['discrepancy-resolved-encrypted.json', 'discrepancy-escalated-encrypted.json']),
    );
  });

  it('has a history of each families-first flow: released to the designated contact, the family notices with their reminders, a foreign national returned', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'case-families-first-released-encrypted.json',
        'missing-person-family-notices-encrypted.json',
        'case-foreign-national-returned-encrypted.json',
      ]),
    );
    const events = (file: string) =>
      (JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as { events: Array<{ eventType: string }> })
        .events;
    expect(
      events('missing-person-family-notices-encrypted.json').filter((e) => e.eventType === 'EVENT_TYPE_TIMER_FIRED')
        .length,
    ).toBeGreaterThan(0);
  });

  it('has a case opened in bulk (its opening written before its start, caseId in its input, patch case-opened-in-bulk): one workflow task, no activity, before its reminder timer; and one whose first task a worker of before ran', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'case-opened-in-bulk-encrypted.json',
        'case-opened-in-bulk-by-earlier-worker-encrypted.json',
      ]),
    );
    const types = (file: string) =>
      (
        JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as { events: Array<{ eventType: string }> }
      ).events.map((e) => e.eventType);
    const bulk = types('case-opened-in-bulk-encrypted.json');
    const first = bulk.slice(0, bulk.indexOf('EVENT_TYPE_TIMER_STARTED'));
    expect(first.filter((t) => t === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED')).toHaveLength(1);
    expect(first).not.toContain('EVENT_TYPE_ACTIVITY_TASK_SCHEDULED');
    expect(patchesOf('case-opened-in-bulk-encrypted.json')).toContain('case-opened-in-bulk');
    // The worker of before recorded the opening itself: without the patch, today's code would not.
    const earlier = types('case-opened-in-bulk-by-earlier-worker-encrypted.json');
    expect(earlier.slice(0, earlier.indexOf('EVENT_TYPE_TIMER_STARTED'))).toContain(
      'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
    );
    expect(patchesOf('case-opened-in-bulk-by-earlier-worker-encrypted.json')).not.toContain('case-opened-in-bulk');
  });

  it('has a case opened since the patch case-changes-at-once: its first task records that one marker, none of the changes it stands for', () => {
    const file = 'case-changes-at-once-encrypted.json';
    expect(files).toContain(file);
    expect(patchesOf(file)).toEqual(['case-changes-at-once']);
    // The older bulk history keeps the patches it was recorded with, and replays through them.
    expect(patchesOf('case-opened-in-bulk-encrypted.json')).toEqual(
      expect.arrayContaining(['case-opened-in-bulk', 'families-first', 'case-serial']),
    );
  });

  it.each(files)('when %s is replayed with the current workflow code, then it is deterministic', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));
    const workflowBundle = { code: readFileSync(process.env[TEST_ENV.workflowBundle]!, 'utf8') };
    await expect(
      Worker.runReplayHistory({ workflowBundle, dataConverter: dataConverter(historyPayloadKeys()) }, history, file),
    ).resolves.toBeUndefined();
  });

  it('when a recorded history is replayed with a deliberately changed workflow (a timer moved before an activity, no patch), then replay fails with a determinism error', async () => {
    const file = 'missing-person-reviews-encrypted.json';
    const history = historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));
    // The same history replays with today's code (the test above); only the altered copy differs.
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('./altered/missing-person-reviews'),
      failureConverterPath: FAILURE_CONVERTER_PATH,
      logger: quiet,
    });
    const replay = Worker.runReplayHistory(
      { workflowBundle: { code }, dataConverter: dataConverter(historyPayloadKeys()) },
      history,
      file,
    );
    await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
    await expect(replay).rejects.toThrow(/nondeterminism/i);
  }, 120_000);
});

const quiet = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string) => console.error(message),
};

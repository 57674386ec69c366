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
 * workflow type, never an edited history. The corpus was recorded again at
 * 1.0 (`npm run histories:record`), encrypted with the histories' test key.
 */
const HISTORIES_DIR = path.resolve(__dirname, '..', 'histories');
type PatchData = { payloads: Array<{ data: string }> };
type Event = {
  eventType: string;
  workflowExecutionStartedEventAttributes?: { workflowType: { name: string } };
  markerRecordedEventAttributes?: { markerName: string; details: Record<string, PatchData> };
  workflowExecutionUpdateAcceptedEventAttributes?: unknown;
};
const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
const eventsOf = (file: string): Event[] =>
  (JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as { events: Event[] }).events;
const typesOf = (file: string) => eventsOf(file).map((e) => e.eventType);

describe('replay of recorded histories', () => {
  it('has histories to replay, every one encrypted', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => !f.endsWith('-encrypted.json'))).toEqual([]);
  });

  it('has a history of every workflow type the worker runs (the exports of workflows/index.ts)', () => {
    const types = new Set(files.map((f) => eventsOf(f)[0].workflowExecutionStartedEventAttributes!.workflowType.name));
    expect([...types].sort()).toEqual([
      'discrepancyLife',
      'handoverDay',
      'missingPersonCase',
      'missingPersonReviews',
      'remainsCase',
      'repatriationOperation',
    ]);
  });

  it('has the paths that matter: a day through an operation, reports sent together, a June-size day, a custodian day, a postponed day, each discrepancy ending, families first, a foreign national returned, a case continued as new, a missing-person case reopened, the review scan', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'operation-lifecycle-encrypted.json',
        'handover-day-encrypted.json',
        'handover-day-concurrent-encrypted.json',
        'handover-day-june-size-encrypted.json',
        'handover-day-custodian-encrypted.json',
        'handover-day-postponed-encrypted.json',
        'discrepancy-resolved-encrypted.json',
        'discrepancy-escalated-encrypted.json',
        'case-opened-in-bulk-encrypted.json',
        'case-families-first-released-encrypted.json',
        'case-foreign-national-returned-encrypted.json',
        'case-split-merge-continued-encrypted.json',
        'case-merged-encrypted.json',
        'missing-person-family-notices-encrypted.json',
        'missing-person-lifecycle-encrypted.json',
        'missing-person-reviews-encrypted.json',
      ]),
    );
    // The family notices were reminded: their timers fired.
    expect(typesOf('missing-person-family-notices-encrypted.json')).toContain('EVENT_TYPE_TIMER_FIRED');
    expect(typesOf('case-split-merge-continued-encrypted.json')).toContain(
      'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW',
    );
    // A June-size day: hundreds of containers, their receipts reported many at once.
    const updates = typesOf('handover-day-june-size-encrypted.json').filter(
      (t) => t === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
    );
    expect(updates.length).toBeGreaterThan(10);
  });

  it('has a case opened in bulk (its opening written before its start, caseId in its input): one workflow task, no activity, before its reminder timer', () => {
    const bulk = typesOf('case-opened-in-bulk-encrypted.json');
    const first = bulk.slice(0, bulk.indexOf('EVENT_TYPE_TIMER_STARTED'));
    expect(first.filter((t) => t === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED')).toHaveLength(1);
    expect(first).not.toContain('EVENT_TYPE_ACTIVITY_TASK_SCHEDULED');
  });

  it('has no patch marker: at 1.0 no workflow checks a patch', () => {
    const patched = files.filter((f) =>
      eventsOf(f).some((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch'),
    );
    expect(patched).toEqual([]);
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

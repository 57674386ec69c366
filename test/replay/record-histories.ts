// Records the replay corpus that test/replay/replay.test.ts replays on every run: every workflow type
// and the paths that matter (record-days, record-discrepancies, record-cases, record-missing-persons).
// It starts its own parts, removed afterwards: a Temporal dev server on a free port and a fresh database
// on TEST_DATABASE_URL's server (default the machine's PostgreSQL), with the process's two workers:
//   npm run histories:record              # HISTORY_DAY_CONTAINERS=300 for a smaller June-size day
// It never overwrites a file: a committed history is a promise that its runs replay; a change to a
// workflow adds its own recording beside them. Commit what it writes; never edit it by hand.
// Payloads are encrypted with the histories' own test key (test/histories/payload-keys.ts): the
// histories hold personal data in form, and the replay test proves encrypted histories stay readable.
import { recordCases } from './record-cases';
import { recordDays } from './record-days';
import { recordDiscrepancies } from './record-discrepancies';
import { recordMissingPersons } from './record-missing-persons';
import { recordOnOwnStack, runRecorder } from './recorder';

runRecorder(() =>
  recordOnOwnStack(
    'record_histories',
    async (recording) => {
      await recordDays(recording);
      await recordDiscrepancies(recording);
      await recordCases(recording);
      await recordMissingPersons(recording);
    },
    {
      env: {
        FAMILY_NOTICE_DEADLINE: '3 seconds',
        FAMILY_NOTICE_REMINDER_EVERY: '1 second',
        WORKER_METRICS_ADDRESS: 'off',
      },
    },
  ),
);

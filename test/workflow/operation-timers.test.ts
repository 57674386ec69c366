import { operationWorkflowId } from '../../workflows/shared/ids';
import {
  acknowledgeManifestUpdate,
  handoverStateQuery,
  openDayUpdate,
  submitManifestUpdate,
} from '../../workflows/handover-day/messages';
import { confirmTermsUpdate, operationStateQuery, scheduleHandoverUpdate } from '../../workflows/operation/messages';
import { repatriationOperation } from '../../workflows/operation/workflow';
import { actors, RU_UA } from '../helpers/actors';
import { june2025Agreement } from '../helpers/fixtures';
import { eventually } from '../helpers/processes';
import { unique } from '../helpers/stack';
import { openTimeSkippingStack, type TimeSkippingStack } from '../helpers/time-skipping';

/** Timers of days (reminders, deadlines) on the time-skipping test server. */

const DAY = 24 * 60 * 60 * 1000;
let ts: TimeSkippingStack;
beforeAll(async () => {
  ts = await openTimeSkippingStack();
  await ts.db.notificationRecipient.createMany({
    data: [{ recipient: 'COORDINATOR', channel: 'EMAIL' as const, address: 'coordinator@intermediary.invalid' }],
    skipDuplicates: true,
  });
}, 120_000);
afterAll(() => ts.close());

async function start(timing: { confirmationReminderAfter?: string; signOffDeadline?: string }) {
  const input = { ...june2025Agreement(unique('op')), timing };
  const op = await ts.env.client.workflow.start(repatriationOperation, {
    taskQueue: ts.taskQueue,
    workflowId: operationWorkflowId(input.reference),
    args: [input],
  });
  return { op, reference: input.reference };
}

// Other test files give the coordinator other channels too; this one looks at e-mail.
const coordinatorNotices = (reference: string, event: string) =>
  ts.db.notification.findMany({
    where: { operationReference: reference, recipient: 'COORDINATOR', channel: 'EMAIL', event },
    orderBy: { createdAt: 'asc' },
  });

describe('operation timers (time-skipping)', () => {
  it('when the terms stay unconfirmed past the period, then the coordinator is reminded, and again after each further period, until both confirm', async () => {
    const { op, reference } = await start({ confirmationReminderAfter: '2 days' });
    await op.executeUpdate(confirmTermsUpdate, { args: [{ version: 1, by: actors.ru }] });
    await ts.env.sleep(5 * DAY);
    const reminders = await eventually(async () => {
      const found = await coordinatorNotices(reference, 'agreement.confirmation_overdue');
      return found.length >= 2 ? found : null;
    }, 'two reminders');
    expect(reminders).toHaveLength(2);
    expect(reminders.map((r) => r.payload)).toEqual([
      { agreementVersion: 1, confirmedBy: ['RU'], reminder: 1 },
      { agreementVersion: 1, confirmedBy: ['RU'], reminder: 2 },
    ]);
    expect((await op.query(operationStateQuery)).reminders).toBe(2);

    await op.executeUpdate(confirmTermsUpdate, { args: [{ version: 1, by: actors.ua }] });
    await ts.env.sleep(10 * DAY);
    expect((await op.query(operationStateQuery)).reminders).toBe(2);
    expect(await coordinatorNotices(reference, 'agreement.confirmation_overdue')).toHaveLength(2);
    await op.terminate('test finished');
  });

  it('when an open day is not signed off by its deadline, then it escalates to the coordinator and a schedule discrepancy is opened', async () => {
    const { op, reference } = await start({ signOffDeadline: '18 hours' });
    await op.executeUpdate(confirmTermsUpdate, { args: [{ version: 1, by: actors.ru }] });
    await op.executeUpdate(confirmTermsUpdate, { args: [{ version: 1, by: actors.ua }] });
    const { workflowId } = await op.executeUpdate(scheduleHandoverUpdate, {
      args: [
        {
          date: '2025-06-11',
          exchangePoint: 'Belarus–Ukraine border',
          transfers: [{ ...RU_UA, plannedCount: 1 }],
          by: actors.coordinator,
        },
      ],
    });
    const day = ts.env.client.workflow.getHandle(workflowId);
    await day.executeUpdate(submitManifestUpdate, {
      args: [{ direction: RU_UA, lines: [{ tag: 'RU-1' }], by: actors.ru }],
    });
    await day.executeUpdate(acknowledgeManifestUpdate, { args: [{ direction: RU_UA, version: 1, by: actors.ua }] });
    await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });

    await ts.env.sleep(12 * 60 * 60 * 1000);
    expect((await day.query(handoverStateQuery)).escalated).toBe(false);
    await ts.env.sleep(DAY);
    await eventually(async () => (await day.query(handoverStateQuery)).escalated, 'the escalation');
    const discrepancies = await eventually(async () => {
      const found = await ts.db.discrepancy.findMany({ where: { handover: { workflowId } } });
      return found.length ? found : null;
    }, 'the schedule discrepancy');
    expect(discrepancies.map((d) => [d.kind, d.status])).toEqual([['SCHEDULE_DISPUTE', 'OPEN']]);
    const notices = await eventually(async () => {
      const found = await coordinatorNotices(reference, 'handover.sign_off_overdue');
      return found.length ? found : null;
    }, 'the coordinator notice');
    expect(notices).toHaveLength(1);
    await op.terminate('test finished');
  });
});

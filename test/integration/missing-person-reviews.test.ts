import { createMissingPersonActivities } from '../../activities/missing-person/cases';
import { caseTaskQueue } from '../../src/temporal/task-queues';
import { missingPersonReviews } from '../../workflows/missing-person/workflow';
import { eventually } from '../helpers/processes';
import { openStack, unique, type TestStack } from '../helpers/stack';

/**
 * The yearly review with each family is reminded by one scan over
 * PostgreSQL, not by a timer per case: due and open cases are reminded once
 * per due date, with a notification to the tracing service.
 */

let stack: TestStack;
beforeAll(async () => {
  stack = await openStack();
  await stack.db.notificationRecipient.upsert({
    where: { recipient_channel: { recipient: 'TRACING', channel: 'EMAIL' } },
    create: { recipient: 'TRACING', channel: 'EMAIL', address: 'tracing@intermediary.invalid' },
    update: {},
  });
});
afterAll(() => stack.close());

const DAY = 86_400_000;

async function seed(nextReviewInDays: number, status: 'ACTIVE' | 'CLOSED' = 'ACTIVE') {
  const caseNumber = unique('MP-UA').toUpperCase();
  return stack.db.missingPersonCase.create({
    data: {
      caseNumber,
      party: 'UA',
      status,
      source: 'REGISTER_IMPORT',
      personalData: 'v1:none:sealed-elsewhere',
      openedBy: 'import',
      nextReviewAt: new Date(Date.now() + nextReviewInDays * DAY),
    },
  });
}

const reminders = (caseId: string) => stack.db.missingPersonEvent.findMany({ where: { caseId, kind: 'REVIEW_DUE' } });

describe('review reminders', () => {
  it('when the scan runs twice, then each due open case is reminded once, with a notification, and others not at all', async () => {
    const due = await seed(-3);
    const overdue = await seed(-400);
    const notDue = await seed(30);
    const closed = await seed(-3, 'CLOSED');
    const { remindDueReviews } = createMissingPersonActivities(stack.db);
    const now = new Date().toISOString();
    await remindDueReviews({ now, batchSize: 1 }); // the oldest due first, a batch at a time
    expect((await reminders(overdue.id)).length).toBe(1);
    while ((await remindDueReviews({ now, batchSize: 50 })) === 50);
    await remindDueReviews({ now, batchSize: 50 });
    expect((await reminders(due.id)).length).toBe(1);
    expect((await reminders(overdue.id)).length).toBe(1);
    expect(await reminders(notDue.id)).toEqual([]);
    expect(await reminders(closed.id)).toEqual([]);
    const notifications = await stack.db.notification.findMany({
      where: { key: { startsWith: `review-due:${due.caseNumber}:` } },
    });
    expect(notifications.map((n) => [n.recipient, n.event, n.payload])).toEqual([
      [
        'TRACING',
        'missing_person.review_due',
        { caseNumber: due.caseNumber, party: 'UA', dueSince: due.nextReviewAt.toISOString() },
      ],
    ]);
  });

  it('when a review is held after the reminder, then the next due date is reminded again in its turn', async () => {
    const c = await seed(-1);
    const { remindDueReviews } = createMissingPersonActivities(stack.db);
    while ((await remindDueReviews({ now: new Date().toISOString(), batchSize: 50 })) === 50);
    // The review a year ago was held late: the next one is already due.
    await stack.db.missingPersonCase.update({
      where: { id: c.id },
      data: { nextReviewAt: new Date(Date.now() - 1000) },
    });
    while ((await remindDueReviews({ now: new Date().toISOString(), batchSize: 50 })) === 50);
    expect((await reminders(c.id)).length).toBe(2);
  });

  it('when the review workflow runs, then it scans PostgreSQL and reminds a due case', async () => {
    const c = await seed(-2);
    await stack.withWorker(async () => {
      const handle = await stack.client.workflow.start(missingPersonReviews, {
        workflowId: unique('missing-person-reviews'),
        taskQueue: caseTaskQueue(stack.config.temporal.taskQueue),
        args: [{ interval: '1 hour', batchSize: 100 }],
      });
      try {
        await eventually(async () => ((await reminders(c.id)).length === 1 ? true : null), 'the reminder');
      } finally {
        await handle.terminate('test finished');
      }
    });
  });
});

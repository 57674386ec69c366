import { operationWorkflowId } from '../../workflows/shared/ids';
import {
  abortDayUpdate,
  acknowledgeManifestUpdate,
  handoverStateQuery,
  openDayUpdate,
  postponeDayUpdate,
  recordCountUpdate,
  refuseDayUpdate,
  submitManifestUpdate,
} from '../../workflows/handover-day/messages';
import {
  abortOperationUpdate,
  amendAgreementUpdate,
  closeOperationUpdate,
  completeHandoversUpdate,
  confirmTermsUpdate,
  operationStateQuery,
  resumeOperationUpdate,
  scheduleHandoverUpdate,
  suspendOperationUpdate,
} from '../../workflows/operation/messages';
import { repatriationOperation } from '../../workflows/operation/workflow';
import { actors, RU_UA, tags, UA_RU } from '../helpers/actors';
import { june2025Agreement } from '../helpers/fixtures';
import { unique } from '../helpers/stack';
import { recorded, rejection, useWorkflowStack } from '../helpers/workflow';

const stack = useWorkflowStack();

async function startOperation() {
  const input = june2025Agreement(unique('op'));
  const op = await stack.client.workflow.start(repatriationOperation, {
    taskQueue: stack.config.temporal.taskQueue,
    workflowId: operationWorkflowId(input.reference),
    args: [input],
  });
  return { op, input };
}

const schedule = (date: string, plannedCount = 2) => ({
  date,
  exchangePoint: 'Belarus–Ukraine border',
  transfers: [{ ...RU_UA, plannedCount }],
  by: actors.coordinator,
});

describe('the operation lifecycle', () => {
  it('when terms are unconfirmed, then no day can be scheduled; once both parties confirm, the operation prepares and the parties are told', async () => {
    await stack.withWorker(async () => {
      const { op, input } = await startOperation();
      expect(await rejection(op.executeUpdate(scheduleHandoverUpdate, { args: [schedule('2025-06-07')] }))).toBe(
        'Both parties must confirm the agreed terms before any handover is scheduled.',
      );
      expect(
        await rejection(op.executeUpdate(confirmTermsUpdate, { args: [{ version: 1, by: actors.field }] })),
      ).toMatch(/Only a liaison of one of the two parties/);
      expect(await rejection(op.executeUpdate(confirmTermsUpdate, { args: [{ version: 2, by: actors.ru }] }))).toMatch(
        /Version 2 is not the current agreement/,
      );
      await op.executeUpdate(confirmTermsUpdate, { args: [{ version: 1, by: actors.ru }] });
      expect((await op.query(operationStateQuery)).phase).toBe('PLANNED');
      const state = await op.executeUpdate(confirmTermsUpdate, { args: [{ version: 1, by: actors.ua }] });
      expect(state).toMatchObject({
        phase: 'PREPARING',
        termsConfirmed: true,
        confirmations: { RU: 'liaison-ru-1', UA: 'liaison-ua-1' },
      });

      const confirmations = await stack.db.agreementConfirmation.findMany({
        where: { agreement: { operation: { reference: input.reference } } },
      });
      expect(confirmations.map((c) => [c.partyCode, c.confirmedBy]).sort()).toEqual([
        ['RU', 'liaison-ru-1'],
        ['UA', 'liaison-ua-1'],
      ]);
      const told = await stack.db.notification.findMany({
        where: { operationReference: input.reference, event: 'agreement.confirmed', channel: 'WEBHOOK' },
      });
      expect(told.map((n) => n.recipient).sort()).toEqual(['INTERMEDIARY', 'RU', 'UA']);
      expect(told[0].payload).toEqual({ agreementVersion: 1 });
      await op.terminate('test finished');
    });
  });

  it('when the agreement is amended, then a new version is recorded and both parties must confirm it again', async () => {
    await stack.withWorker(async () => {
      const { op, input } = await startOperation();
      await op.executeUpdate(confirmTermsUpdate, { args: [{ version: 1, by: actors.ru }] });
      await op.executeUpdate(confirmTermsUpdate, { args: [{ version: 1, by: actors.ua }] });
      const amended = {
        ...input.agreement,
        window: { start: '2025-06-07', end: '2025-06-20' },
        plannedTransfers: [
          { from: 'RU', to: 'UA', count: 6060 },
          { from: 'UA', to: 'RU', count: 78 },
        ],
      };
      expect(
        await rejection(op.executeUpdate(amendAgreementUpdate, { args: [{ terms: amended, by: actors.ru }] })),
      ).toBe('Only a coordinator can amend the agreement.');
      const state = await op.executeUpdate(amendAgreementUpdate, {
        args: [{ terms: amended, by: actors.coordinator }],
      });
      expect(state).toMatchObject({ agreementVersion: 2, termsConfirmed: false, confirmations: {} });
      expect(await rejection(op.executeUpdate(scheduleHandoverUpdate, { args: [schedule('2025-06-18')] }))).toBe(
        'Both parties must confirm agreement version 2 first.',
      );
      await op.executeUpdate(confirmTermsUpdate, { args: [{ version: 2, by: actors.ru }] });
      await op.executeUpdate(confirmTermsUpdate, { args: [{ version: 2, by: actors.ua }] });
      // The amended window allows a day the first version did not.
      await op.executeUpdate(scheduleHandoverUpdate, { args: [schedule('2025-06-18')] });

      const versions = await stack.db.agreement.findMany({
        where: { operation: { reference: input.reference } },
        include: { plannedTransfers: true, confirmations: true },
        orderBy: { version: 'asc' },
      });
      expect(versions.map((v) => [v.version, v.windowEnd.toISOString().slice(0, 10), v.confirmations.length])).toEqual([
        [1, '2025-06-16', 2],
        [2, '2025-06-20', 2],
      ]);
      expect(versions[1].plannedTransfers.map((t) => t.count).sort((a, b) => a - b)).toEqual([78, 6060]);
      await op.terminate('test finished');
    });
  });
});

describe('the operation lifecycle: days postponed, refused, suspended and aborted', () => {
  it('when a day is postponed or refused, then its date, status and reason are recorded, and scheduling rules hold', async () => {
    await stack.withWorker(async () => {
      const { op } = await startOperation();
      await op.executeUpdate(confirmTermsUpdate, { args: [{ version: 1, by: actors.ru }] });
      await op.executeUpdate(confirmTermsUpdate, { args: [{ version: 1, by: actors.ua }] });
      expect(await rejection(op.executeUpdate(scheduleHandoverUpdate, { args: [schedule('2025-06-30')] }))).toMatch(
        /outside the agreed window/,
      );
      expect(
        await rejection(
          op.executeUpdate(scheduleHandoverUpdate, {
            args: [{ ...schedule('2025-06-08'), exchangePoint: 'Elsewhere' }],
          }),
        ),
      ).toBe('Elsewhere is not an agreed exchange point.');

      const first = await op.executeUpdate(scheduleHandoverUpdate, { args: [schedule('2025-06-07')] });
      expect(await rejection(op.executeUpdate(scheduleHandoverUpdate, { args: [schedule('2025-06-07')] }))).toBe(
        'A handover is already scheduled for 2025-06-07.',
      );
      const day = stack.client.workflow.getHandle(first.workflowId);
      // June 2025: the first handover slipped from 7 to 11 June over the lists.
      const postponed = await day.executeUpdate(postponeDayUpdate, {
        args: [{ newDate: '2025-06-11', reason: 'lists not accepted by the receiver', by: actors.coordinator }],
      });
      expect(postponed).toMatchObject({ status: 'POSTPONED', date: '2025-06-11' });
      await recorded(day);
      const row = await stack.db.handover.findUniqueOrThrow({ where: { workflowId: first.workflowId } });
      expect([row.dayKey, row.scheduledOn.toISOString().slice(0, 10), row.status, row.statusReason]).toEqual([
        '2025-06-07',
        '2025-06-11',
        'POSTPONED',
        'lists not accepted by the receiver',
      ]);
      // The operation knows the day's new date: no second day on it.
      expect(await rejection(op.executeUpdate(scheduleHandoverUpdate, { args: [schedule('2025-06-11')] }))).toBe(
        'A handover is already scheduled for 2025-06-11.',
      );

      const second = await op.executeUpdate(scheduleHandoverUpdate, { args: [schedule('2025-06-08')] });
      const other = stack.client.workflow.getHandle(second.workflowId);
      expect(await rejection(other.executeUpdate(refuseDayUpdate, { args: [{ reason: '', by: actors.ua }] }))).toBe(
        'A refusal needs a reason.',
      );
      await other.executeUpdate(refuseDayUpdate, { args: [{ reason: 'security situation', by: actors.ua }] });
      expect(await other.result()).toMatchObject({ status: 'REFUSED' });
      const refused = await stack.db.handover.findUniqueOrThrow({ where: { workflowId: second.workflowId } });
      expect([refused.status, refused.statusReason]).toEqual(['REFUSED', 'UA: security situation']);
      expect((await op.query(operationStateQuery)).handovers['2025-06-08'].status).toBe('REFUSED');
      await op.terminate('test finished');
    });
  });

  it('when the operation is suspended, then reports are refused until it resumes; when aborted, open days end aborted and the workflow completes', async () => {
    await stack.withWorker(async () => {
      const { op, input } = await startOperation();
      await op.executeUpdate(confirmTermsUpdate, { args: [{ version: 1, by: actors.ru }] });
      await op.executeUpdate(confirmTermsUpdate, { args: [{ version: 1, by: actors.ua }] });
      const { workflowId } = await op.executeUpdate(scheduleHandoverUpdate, { args: [schedule('2025-06-11')] });
      const day = stack.client.workflow.getHandle(workflowId);
      await day.executeUpdate(submitManifestUpdate, {
        args: [{ direction: RU_UA, lines: tags('RU', 2).map((tag) => ({ tag })), by: actors.ru }],
      });
      await day.executeUpdate(acknowledgeManifestUpdate, { args: [{ direction: RU_UA, version: 1, by: actors.ua }] });
      await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });

      const suspended = await op.executeUpdate(suspendOperationUpdate, {
        args: [{ reason: 'security incident at the exchange point', by: actors.coordinator }],
      });
      expect(suspended.phase).toBe('SUSPENDED');
      const countReport = { direction: RU_UA, source: 'INTERMEDIARY' as const, count: 2, by: actors.field };
      expect(await rejection(day.executeUpdate(recordCountUpdate, { args: [countReport] }))).toBe(
        'The operation is suspended; reports resume when it is resumed.',
      );
      expect((await op.executeUpdate(resumeOperationUpdate, { args: [{ by: actors.coordinator }] })).phase).toBe(
        'IN_PROGRESS',
      );
      await day.executeUpdate(recordCountUpdate, { args: [countReport] });

      expect(await rejection(op.executeUpdate(completeHandoversUpdate, { args: [{ by: actors.coordinator }] }))).toBe(
        'Handover days still open: 2025-06-11.',
      );
      expect(await rejection(op.executeUpdate(abortOperationUpdate, { args: [{ by: actors.coordinator }] }))).toBe(
        'Aborting needs a reason.',
      );
      await op.executeUpdate(abortOperationUpdate, { args: [{ reason: 'parties withdrew', by: actors.coordinator }] });
      expect(await op.result()).toMatchObject({ phase: 'ABORTED', phaseReason: 'parties withdrew' });
      expect(await day.result()).toMatchObject({ status: 'ABORTED' });

      const row = await stack.db.repatriationOperation.findUniqueOrThrow({
        where: { reference: input.reference },
        include: { handovers: true },
      });
      expect(row.phase).toBe('ABORTED');
      expect(row.handovers.map((h) => [h.status, h.statusReason])).toEqual([['ABORTED', 'parties withdrew']]);
      const phases = await stack.db.notification.findMany({
        where: {
          operationReference: input.reference,
          recipient: 'UA',
          channel: 'WEBHOOK',
          event: { startsWith: 'operation.' },
        },
        orderBy: { createdAt: 'asc' },
      });
      expect(phases.map((n) => n.event)).toEqual([
        'operation.preparing',
        'operation.in_progress',
        'operation.suspended',
        'operation.in_progress',
        'operation.aborted',
      ]);
    });
  });
});

describe('the operation lifecycle: the end of the handovers and closure', () => {
  it('when every day has ended, then the handover phase completes into follow-up and the operation can close', async () => {
    await stack.withWorker(async () => {
      const { op } = await startOperation();
      await op.executeUpdate(confirmTermsUpdate, { args: [{ version: 1, by: actors.ru }] });
      await op.executeUpdate(confirmTermsUpdate, { args: [{ version: 1, by: actors.ua }] });
      const { workflowId } = await op.executeUpdate(scheduleHandoverUpdate, {
        args: [
          {
            ...schedule('2025-06-11', 1),
            transfers: [
              { ...RU_UA, plannedCount: 1 },
              { ...UA_RU, plannedCount: 0 },
            ],
          },
        ],
      });
      const day = stack.client.workflow.getHandle(workflowId);
      await day.executeUpdate(submitManifestUpdate, {
        args: [{ direction: RU_UA, lines: [{ tag: 'RU-1' }], by: actors.ru }],
      });
      await day.executeUpdate(acknowledgeManifestUpdate, { args: [{ direction: RU_UA, version: 1, by: actors.ua }] });
      await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });
      expect(await rejection(op.executeUpdate(closeOperationUpdate, { args: [{ by: actors.coordinator }] }))).toBe(
        'Only an operation in follow-up can be closed.',
      );
      expect(
        await rejection(
          day.executeUpdate(postponeDayUpdate, {
            args: [{ newDate: '2025-06-12', reason: 'rain', by: actors.coordinator }],
          }),
        ),
      ).toBe('A day that is in progress cannot be postponed.');
      expect((await day.query(handoverStateQuery)).status).toBe('IN_PROGRESS');
      await day.executeUpdate(abortDayUpdate, { args: [{ reason: 'convoy turned back', by: actors.coordinator }] });
      await day.result();
      expect((await op.executeUpdate(completeHandoversUpdate, { args: [{ by: actors.coordinator }] })).phase).toBe(
        'FOLLOW_UP',
      );
      expect((await op.executeUpdate(closeOperationUpdate, { args: [{ by: actors.coordinator }] })).phase).toBe(
        'CLOSED',
      );
      expect(await op.result()).toMatchObject({ phase: 'CLOSED' });
    });
  });
});

import { handoverWorkflowId } from '../../workflows/shared/ids';
import {
  EXCHANGE_POINT,
  confirmedOperation,
  dayPath,
  expectRefusal,
  opPath,
  scheduleDay,
  settledSnapshot,
  snapshot,
  useApiWorld,
} from './support';

/**
 * Postponing a day follows the rules of scheduling one: a date within the
 * agreed window (2025-06-07 to 2025-06-16 for the June agreement) that no
 * other day of the operation holds. A postponed day is found under its first
 * date and under its new one.
 */

const w = useApiWorld();

const postpone = (reference: string, date: string, newDate: string, reason = 'convoy delayed') =>
  w.post('coordinator', `${dayPath(reference, date)}/postponement`, { newDate, reason });

describe('postponing a handover day', () => {
  it('when the new date is outside the agreed window, then it is refused with 409 and nothing changes', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      await scheduleDay(w, reference, '2025-06-07');
      const before = await settledSnapshot(w, reference);
      expectRefusal(
        await postpone(reference, '2025-06-07', '2025-06-30'),
        409,
        '2025-06-30 is outside the agreed window (2025-06-07 to 2025-06-16).',
      );
      expect(await snapshot(w, reference)).toEqual(before);
    });
  });

  it('when another day holds the new date, first scheduled there or postponed to it, then it is refused with 409', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      for (const date of ['2025-06-07', '2025-06-08', '2025-06-09']) await scheduleDay(w, reference, date);
      await postpone(reference, '2025-06-09', '2025-06-12').expect(200);
      const before = await settledSnapshot(w, reference);
      expectRefusal(
        await postpone(reference, '2025-06-07', '2025-06-08'),
        409,
        'A handover is already scheduled for 2025-06-08.',
      );
      expectRefusal(
        await postpone(reference, '2025-06-07', '2025-06-12'),
        409,
        'A handover is already scheduled for 2025-06-12.',
      );
      // Nor can a new day be scheduled where one was postponed to.
      const schedule = await w.post('coordinator', `${opPath(reference)}/handovers`, {
        date: '2025-06-12',
        exchangePoint: EXCHANGE_POINT,
        transfers: [{ from: 'RU', to: 'UA', plannedCount: 1 }],
      });
      expectRefusal(schedule, 409, 'A handover is already scheduled for 2025-06-12.');
      expect(await snapshot(w, reference)).toEqual(before);
    });
  });

  it('when a postponement is refused, then the answer names the date that was sent, not an earlier one', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      await scheduleDay(w, reference, '2025-06-07');
      await postpone(reference, '2025-06-07', '2025-06-10').expect(200);
      expectRefusal(await postpone(reference, '2025-06-07', '2025-06-20'), 409, /^2025-06-20 is outside/);
      expectRefusal(
        await postpone(reference, '2025-06-07', '2025-06-09'),
        409,
        "The new date 2025-06-09 must be after the day's date, 2025-06-10.",
      );
    });
  });

  it('when a day is postponed, then it is found under its first date and its new one, and acted on under either', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      await scheduleDay(w, reference, '2025-06-07');
      await postpone(reference, '2025-06-07', '2025-06-11').expect(200);
      for (const date of ['2025-06-07', '2025-06-11']) {
        const res = await w.get('observer', dayPath(reference, date)).expect(200);
        expect(res.body).toMatchObject({
          dayKey: '2025-06-07',
          date: '2025-06-11',
          status: 'POSTPONED',
          workflow: { id: handoverWorkflowId(reference, '2025-06-07') },
        });
      }
      // Postponed again, under its new date.
      const again = await postpone(reference, '2025-06-11', '2025-06-13').expect(200);
      expect(again.body).toMatchObject({ dayKey: '2025-06-07', date: '2025-06-13' });
      await w.get('observer', dayPath(reference, '2025-06-13')).expect(200);
      await w.get('observer', dayPath(reference, '2025-06-11')).expect(404);
    });
  });
});

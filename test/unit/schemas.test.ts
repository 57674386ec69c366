import { createOperationRequest } from '../../src/api/schemas';
import { june2025Agreement } from '../helpers/fixtures';

const valid = () => june2025Agreement('RU-UA-2025-06');

function problemsOf(body: unknown): Array<[string, string]> {
  const result = createOperationRequest.safeParse(body);
  if (result.success) return [];
  return result.error.issues.map((i) => [i.path.join('.'), i.message]);
}

describe('the create-operation request', () => {
  it('when the June 2025 agreement is entered, then it is accepted as is', () => {
    expect(createOperationRequest.parse(valid())).toEqual(valid());
  });

  it.each([
    ['the two parties are the same', (b: any) => (b.agreement.parties[1].code = 'RU'), 'agreement.parties.1.code'],
    ['the window ends before it starts', (b: any) => (b.agreement.window.end = '2025-06-01'), 'agreement.window.end'],
    [
      'the agreement is concluded after the window',
      (b: any) => (b.agreement.concludedOn = '2025-07-01'),
      'agreement.concludedOn',
    ],
    [
      'a transfer names a third party',
      (b: any) => (b.agreement.plannedTransfers[0].to = 'BY'),
      'agreement.plannedTransfers.0',
    ],
    [
      'a direction is given twice',
      (b: any) => (b.agreement.plannedTransfers[1] = { from: 'RU', to: 'UA', count: 1 }),
      'agreement.plannedTransfers.1',
    ],
    [
      'a count is negative',
      (b: any) => (b.agreement.plannedTransfers[0].count = -1),
      'agreement.plannedTransfers.0.count',
    ],
    [
      'a count is not whole',
      (b: any) => (b.agreement.plannedTransfers[0].count = 1.5),
      'agreement.plannedTransfers.0.count',
    ],
    ['a date is not a calendar date', (b: any) => (b.agreement.concludedOn = '2 June 2025'), 'agreement.concludedOn'],
    ['the role is unknown', (b: any) => (b.agreement.intermediaryRole = 'REFEREE'), 'agreement.intermediaryRole'],
    ['there is no exchange point', (b: any) => (b.agreement.exchangePoints = []), 'agreement.exchangePoints'],
    ['the reference has a slash', (b: any) => (b.reference = 'a/b'), 'reference'],
    ['an unknown field is sent', (b: any) => (b.extra = true), ''],
  ])('when %s, then it is rejected at that field', (_name, mutate, field) => {
    const body = valid();
    mutate(body);
    const problems = problemsOf(body);
    expect(problems.map(([path]) => path)).toContain(field);
  });
});

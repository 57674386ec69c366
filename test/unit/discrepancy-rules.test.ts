import {
  awaitedParties,
  checkAccept,
  checkAccount,
  checkDecide,
  checkEscalate,
  checkPropose,
  statementProblem,
  type DiscrepancyState,
} from '../../workflows/discrepancy/rules';
import type { Actor } from '../../workflows/shared/domain';
import { actors } from '../helpers/actors';

const forensic: Actor = { principal: 'forensic-ua-1', role: 'FORENSIC', party: 'UA' };
const byLiaison: Actor = { principal: 'liaison-by-1', role: 'PARTY_LIAISON', party: 'BY' };

const open = (over: Partial<DiscrepancyState> = {}): DiscrepancyState => ({
  id: 'd-1',
  kind: 'COUNT_MISMATCH',
  operationReference: 'RU-UA-2025-06',
  parties: ['RU', 'UA'],
  status: 'OPEN',
  statements: 0,
  accounts: {},
  acceptances: {},
  reminders: 0,
  ...over,
});
const attested = () =>
  open({
    accounts: { RU: { principal: 'liaison-ru-1', sequence: 1 }, UA: { principal: 'liaison-ua-1', sequence: 2 } },
  });
const proposed = () => ({ ...attested(), proposal: { number: 2, sequence: 3, principal: 'liaison-ua-1', text: 'x' } });

describe('discrepancy rules', () => {
  it('when a statement holds a contact address or a personal number, then it is refused; tags and counts in words pass', () => {
    expect(statementProblem('call me at a@b.org')).toMatch(/'@'/);
    expect(statementProblem('passport 1234567')).toMatch(/digits/);
    expect(statementProblem('   ')).toBe('must not be empty');
    expect(statementProblem('x'.repeat(1001))).toMatch(/at most 1000/);
    expect(statementProblem('Received 1,245 of 1,248; three bags missing.')).toBeUndefined();
  });

  it('when someone outside the parties and the intermediary attests or escalates, then it is refused', () => {
    expect(() => checkAccount(open(), 'ours', byLiaison)).toThrow('Only a liaison of RU or UA can attest its account');
    expect(() => checkAccount(open(), 'ours', forensic)).toThrow(/Accounts are attested/);
    expect(() => checkEscalate(open(), 'stuck', forensic)).toThrow(/escalated by/);
  });

  it('when a resolution is proposed before both accounts, then it names the party awaited', () => {
    const state = open({ accounts: { RU: { principal: 'liaison-ru-1', sequence: 1 } } });
    expect(() => checkPropose(state, 'settle', actors.coordinator)).toThrow('still awaited: UA.');
    expect(() => checkPropose(attested(), 'settle', actors.field)).toThrow(/liaison or the coordinator/);
    expect(() => checkPropose(attested(), 'settle', actors.ru)).not.toThrow();
  });

  it('when a party accepts, then only the current proposal, once; a second acceptance by the same party does nothing', () => {
    expect(() => checkAccept(attested(), 1, actors.ru)).toThrow('No resolution has been proposed yet.');
    expect(() => checkAccept(proposed(), 1, actors.ru)).toThrow(/Proposal 1 is not the current one \(proposal 2 is\)/);
    expect(() => checkAccept(proposed(), 2, actors.coordinator)).toThrow(/Only a liaison/);
    expect(checkAccept(proposed(), 2, actors.ru)).toBe(true);
    expect(checkAccept({ ...proposed(), acceptances: { RU: 'liaison-ru-1' } }, 2, actors.ru)).toBe(false);
  });

  it('when the coordinator decides, then only once escalated, and nothing is recorded on a resolved one', () => {
    expect(() => checkDecide(open(), 'decided', actors.coordinator)).toThrow(/escalate it first/);
    expect(() => checkDecide(open({ status: 'ESCALATED' }), 'decided', actors.ru)).toThrow(/Only the coordinator/);
    expect(() => checkDecide(open({ status: 'ESCALATED' }), 'decided', actors.coordinator)).not.toThrow();
    expect(() => checkAccount(open({ status: 'RESOLVED' }), 'late', actors.ru)).toThrow(/resolved/);
    expect(() => checkEscalate(open({ status: 'ESCALATED' }), 'again', actors.ru)).toThrow(/escalated/);
  });

  it('when reminding, then the parties whose account or acceptance is awaited; both while a resolution is awaited', () => {
    expect(awaitedParties(open({ accounts: { RU: { principal: 'liaison-ru-1', sequence: 1 } } }))).toEqual(['UA']);
    expect(awaitedParties(attested())).toEqual(['RU', 'UA']);
    expect(awaitedParties({ ...proposed(), acceptances: { UA: 'liaison-ua-1' } })).toEqual(['RU']);
  });
});

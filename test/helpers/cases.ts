import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Db } from '../../src/db';
import type { CaseInput } from '../../workflows/remains-case/messages';
import { operationWorkflowId } from '../../workflows/shared/ids';
import { personalDataVault } from '../../src/missing-person/personal-data';
import { testPayloadKeys, unique } from './stack';

/**
 * Records a remains case needs around it: an operation, a handover day and
 * received containers, written straight to the database (the handover
 * workflow that will write them is not what these tests are about).
 */
export async function seedContainers(
  db: Db,
  count: number,
): Promise<{ operationReference: string; containerIds: string[] }> {
  const reference = unique('case-op');
  const operation = await db.repatriationOperation.create({
    data: { reference, title: 'Remains cases test', workflowId: operationWorkflowId(reference) },
  });
  const handover = await db.handover.create({
    data: {
      operationId: operation.id,
      dayKey: '2025-06-07',
      scheduledOn: new Date('2025-06-07T00:00:00.000Z'),
      exchangePoint: 'Belarus–Ukraine border',
      workflowId: `test-handover:${reference}`,
    },
  });
  const containerIds: string[] = [];
  for (let i = 1; i <= count; i++) {
    const container = await db.remainsContainer.create({
      data: {
        handoverId: handover.id,
        fromParty: 'RU',
        toParty: 'UA',
        tag: `TAG-${i}`,
        outcome: 'RECEIVED',
        custodian: 'UA',
        receiverIntakeNumber: unique(`PM-${i}`),
      },
    });
    containerIds.push(container.id);
  }
  return { operationReference: reference, containerIds };
}

/** A case's input with a PM number of the test's own. */
export function caseInput(
  seeded: { operationReference: string; containerIds: string[] },
  overrides: Partial<CaseInput> = {},
): CaseInput {
  return {
    caseNumber: unique('PM'),
    operationReference: seeded.operationReference,
    receivingParty: 'UA',
    responsibleAuthority: 'UA-MOJ',
    containerIds: seeded.containerIds,
    openedBy: 'ua-forensic-07',
    ...overrides,
  };
}

/** The case's row and its events in order, as PostgreSQL holds them. */
export async function caseRecords(db: Db, caseNumber: string) {
  const row = await db.remainsCase.findUnique({
    where: { caseNumber },
    include: {
      events: { orderBy: { sequence: 'asc' } },
      containers: { orderBy: { containerId: 'asc' } },
    },
  });
  return row;
}

/** The reason a person reads when an update is refused (by its validator or its handler). */
export async function refusal(update: Promise<unknown>): Promise<string> {
  try {
    await update;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) return (err.cause as Error).message;
    throw err;
  }
  throw new Error('the update was accepted');
}

/**
 * A missing-person case of `party` with one family contact designated to receive the remains (position 1),
 * written straight to the database (its personal data is not what these tests are about).
 */
export async function seedMissingPerson(
  db: Db,
  party = 'UA',
  keys: Parameters<typeof personalDataVault>[0] = testPayloadKeys(),
): Promise<string> {
  const caseNumber = unique(`MP-${party}`).toUpperCase();
  // Sealed as the API seals them (with the run's keys, or the histories' for a recorder), so every case opens.
  const vault = personalDataVault(keys);
  await db.missingPersonCase.create({
    data: {
      caseNumber,
      party,
      source: 'TRACING_REQUEST',
      personalData: vault.seal({ name: 'Seeded Person' }),
      openedBy: 'tracing-1',
      nextReviewAt: new Date(Date.now() + 365 * 86_400_000),
      contacts: {
        create: [
          {
            position: 1,
            relation: 'MOTHER',
            personalData: vault.seal({ name: 'Seeded Relative' }),
            preferredChannel: 'PHONE',
            preferredLanguage: 'uk',
            receivesRemains: true,
            consentScope: 'IDENTIFICATION_ONLY',
            shareWithOtherParty: false,
          },
        ],
      },
    },
  });
  return caseNumber;
}

// Where a field report's time goes: receipts sent one at a time on a day of their own, with nothing
// else running, through the API as reporters send them, through the API without an Idempotency-Key,
// and straight to the day's workflow with the Temporal client; and the API's floor, GET /api/me.
// Beside the baseline's raw updates one at a time, this tells the day's workflow from the API around it.
import { Client } from '@temporalio/client';
import { loadConfig, requirePayloadKeys } from '../../src/config';
import { dataConverter } from '../../src/temporal/data-converter';
import { handoverWorkflowId } from '../../workflows/shared/ids';
import { recordReceiptUpdate } from '../../workflows/handover-day/messages';
import type { Api, People } from './api';
import { createConfirmedOperation, tagList } from './drive';
import { Latencies, summarise, type LatencySummary } from './report';
import type { BenchStack } from './stack';
import { juneAgreement } from '../../src/demo/june-2025';

export interface UpdatePathFigures {
  /** Requests of each kind (they take turns, so each sees the same day). */
  each: number;
  throughApi: LatencySummary;
  throughApiWithoutIdempotencyKey: LatencySummary;
  straightToWorkflow: LatencySummary;
  apiFloor: LatencySummary;
}

export async function measureUpdatePath(
  stack: BenchStack,
  api: Api,
  people: People,
  reference: string,
  each: number,
): Promise<UpdatePathFigures> {
  const lat = new Latencies();
  const date = '2025-06-11';
  const tags = tagList('RU', each * 3, 900_001);
  await createConfirmedOperation(api, people, juneAgreement(reference));
  const op = { path: { reference } };
  const day = { path: { reference, date } };
  await api.call(people.coordinator, 'isolate', (c) =>
    c.POST('/api/operations/{reference}/handovers', {
      params: op,
      body: {
        date,
        exchangePoint: 'Belarus–Ukraine border',
        transfers: [{ from: 'RU', to: 'UA', plannedCount: tags.length }],
      },
    }),
  );
  const { version } = await api.call(people.liaison.RU[0], 'isolate', (c) =>
    c.POST('/api/operations/{reference}/handovers/{date}/manifests', {
      params: day,
      body: { from: 'RU', to: 'UA', lines: tags.map((tag) => ({ tag })) },
    }),
  );
  await api.call(people.liaison.UA[0], 'isolate', (c) =>
    c.POST('/api/operations/{reference}/handovers/{date}/manifests/{from}/{to}/{version}/acknowledgement', {
      params: { path: { ...day.path, from: 'RU', to: 'UA', version } },
      body: {},
    }),
  );
  await api.call(people.field[0], 'isolate', (c) =>
    c.POST('/api/operations/{reference}/handovers/{date}/opening', { params: day, body: {} }),
  );

  // The worker's own client, payloads encrypted with the stack's key.
  const keys = requirePayloadKeys(loadConfig({ ...stack.env, DATABASE_URL: stack.databaseUrl }));
  const client = new Client({
    connection: stack.client.connection,
    namespace: stack.namespace,
    dataConverter: dataConverter(keys),
  });
  const handle = client.workflow.getHandle(handoverWorkflowId(reference, date));
  const liaison = people.liaison.UA[0];
  const timed = async (cls: string, fn: () => Promise<unknown>) => {
    const started = performance.now();
    await fn();
    lat.record(cls, performance.now() - started);
  };
  const receipt = (tag: string) => JSON.stringify({ from: 'RU', to: 'UA', tags: [tag] });
  for (let i = 0; i < each; i++) {
    const [a, b, c] = tags.slice(i * 3, i * 3 + 3);
    await timed('api', () =>
      api.call(liaison, 'isolate', (cl) =>
        cl.POST('/api/operations/{reference}/handovers/{date}/receipts', {
          params: day,
          body: { from: 'RU', to: 'UA', tags: [a] },
        }),
      ),
    );
    await timed('api-no-key', async () => {
      const res = await fetch(`${stack.apiUrl}/api/operations/${reference}/handovers/${date}/receipts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${liaison.token}`, 'content-type': 'application/json' },
        body: receipt(b),
      });
      await res.text();
      if (!res.ok) throw new Error(`receipt without Idempotency-Key → ${res.status}`);
    });
    await timed('direct', () =>
      handle.executeUpdate(recordReceiptUpdate, {
        args: [
          {
            direction: { from: 'RU', to: 'UA' },
            tags: [c],
            by: { principal: liaison.principal, role: 'PARTY_LIAISON', party: 'UA' },
          },
        ],
      }),
    );
    await timed('floor', () => api.call(people.observer, 'isolate', (cl) => cl.GET('/api/me', {})));
  }
  const of = (cls: string) => summarise(lat.samples.get(cls) ?? []);
  return {
    each,
    throughApi: of('api'),
    throughApiWithoutIdempotencyKey: of('api-no-key'),
    straightToWorkflow: of('direct'),
    apiFloor: of('floor'),
  };
}

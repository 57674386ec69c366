import { Client, Connection } from '@temporalio/client';
import { requirePayloadKeys, type Config } from '../config';
import { dataConverter } from './data-converter';

/** One connection per process, shared by every request; every payload it sends is encrypted. */
export async function createTemporalClient(config: Config): Promise<Client> {
  const keys = requirePayloadKeys(config);
  const connection = await Connection.connect({ address: config.temporal.address });
  return new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverter(keys) });
}

/** Link to a workflow in the Temporal Web UI. */
export function workflowUiUrl(config: Config, workflowId: string): string {
  return `${config.temporal.uiUrl}/namespaces/${encodeURIComponent(config.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

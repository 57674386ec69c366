import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { personalDataVault, type PersonalDataVault } from '../missing-person/personal-data';
import { parsePayloadKeys, type PayloadKey } from '../temporal/codec';

/** The keys the API and the worker use: PAYLOAD_KEYS, else the development start's (in its data folder). */
export function toolPayloadKeys(config: Config): PayloadKey[] {
  if (config.payloadKeys) return config.payloadKeys;
  const file = path.join(config.dataDir, 'payload-keys');
  if (existsSync(file)) return parsePayloadKeys(readFileSync(file, 'utf8'));
  throw new Error(
    'PAYLOAD_KEYS is not set and no development start has made a key: set the same PAYLOAD_KEYS (and SEARCH_INDEX_KEY) as the API and the worker.',
  );
}

/** The personal-data vault of an operator tool (import, re-index, re-seal): the API's keys. */
export const toolVault = (config: Config): PersonalDataVault =>
  personalDataVault(toolPayloadKeys(config), config.searchIndexKeys);

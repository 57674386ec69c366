import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec, type PayloadKey } from './codec';

/** Loaded by path: the workflow sandbox builds its own copy (see bundleWorkflowCode). */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/** The one data converter of every client, worker, replayer and test of the project. */
export function dataConverter(keys: PayloadKey[]): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keys)], failureConverterPath: FAILURE_CONVERTER_PATH };
}

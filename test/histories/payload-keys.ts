import { parsePayloadKeys } from '../../src/temporal/codec';

/**
 * The key the committed histories were encrypted with when they were
 * recorded. A test fixture, public on purpose: it protects nothing, and no
 * deployment may use it.
 */
export const HISTORY_PAYLOAD_KEYS = 'histories-test-only:dGVzdC1vbmx5IGtleSBmb3IgaGlzdG9yaWVzISEhISE=';

export const historyPayloadKeys = () => parsePayloadKeys(HISTORY_PAYLOAD_KEYS);

import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces go through the payload codec too: a
 * refused manifest line may quote what it refused. Loaded by path inside the
 * workflow sandbox (bundle option failureConverterPath) and by the client.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });

import { DefaultLogger, Runtime } from '@temporalio/worker';

// Worker state changes at INFO would drown the test output; warnings still show.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this process by an earlier test file.
}

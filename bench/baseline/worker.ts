// The baseline's own worker: trivial workflows on a task queue of their own,
// in a process of its own (so that its memory is measured apart).
import { NativeConnection, Runtime, Worker, DefaultLogger } from '@temporalio/worker';

async function main() {
  const address = process.env.BENCH_TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const namespace = process.env.BENCH_NAMESPACE ?? 'default';
  const taskQueue = process.env.BENCH_TASK_QUEUE ?? 'bench-baseline';
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowsPath: require.resolve('./workflows'),
  });
  await worker.run();
  await connection.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

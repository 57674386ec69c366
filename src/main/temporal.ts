// `npm run temporal -- <args>`: the project's Temporal CLI (.tools/venv/bin/temporal, or
// TEMPORAL_CLI, or PATH) against the development stack. With OPERATOR_TOKEN set, it goes
// through the API's codec server, and a refused token is reported before the CLI runs.
import { spawn } from 'node:child_process';
import { loadConfig } from '../config';
import { ciphertextNotice, cliInvocation, codecRefusal } from '../temporal/cli';
import { findTemporalCli } from '../tools';
import { failStart } from './lifecycle';

async function main() {
  const config = loadConfig();
  const args = process.argv.slice(2);
  const cli = findTemporalCli(config.temporal.cli);
  const invocation = cliInvocation(args, process.env, config);
  if (invocation.codec) {
    const refusal = await codecRefusal(invocation.codec, invocation.env.TEMPORAL_NAMESPACE);
    if (refusal) throw new Error(refusal);
  }
  // On stderr, so output piped to jq or a file stays the CLI's own.
  const notice = ciphertextNotice(args, invocation);
  if (notice) process.stderr.write(`${notice}\n\n`);
  const child = spawn(cli, args, { stdio: 'inherit', env: { ...process.env, ...invocation.env } });
  // Ctrl-C reaches the CLI itself (same terminal); this process only waits for it.
  process.on('SIGINT', () => undefined);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch(failStart);

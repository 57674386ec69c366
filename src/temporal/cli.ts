import type { Config } from '../config';

/**
 * `npm run temporal -- <args>`: the Temporal CLI that set-up installs, pointed
 * at the development stack unless told otherwise, and through the codec server
 * when an operator token is given (OPERATOR_TOKEN). The CLI reads these
 * variables itself; a flag on the command line still wins over them.
 */

export interface CliInvocation {
  /** Variables for the CLI's environment. */
  env: Record<string, string>;
  /** The codec server the CLI will call, with the Authorization it sends (from flags or variables). */
  codec?: { endpoint: string; auth?: string };
}

/** The value of `--name value` or `--name=value`, the last one given. */
export function flagValue(args: string[], name: string): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') break;
    if (args[i] === name && i + 1 < args.length) found = args[++i];
    else if (args[i].startsWith(`${name}=`)) found = args[i].slice(name.length + 1);
  }
  return found;
}

export function cliInvocation(
  args: string[],
  env: Record<string, string | undefined>,
  config: Pick<Config, 'api' | 'temporal' | 'dev'>,
): CliInvocation {
  const out: Record<string, string> = {
    // The development start's Temporal (DEV_TEMPORAL_PORT), by address rather than `localhost`,
    // which may resolve to ::1 where the dev server does not listen.
    TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS || `127.0.0.1:${config.dev.temporalPort}`,
    TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE || config.temporal.namespace,
  };
  const token = env.OPERATOR_TOKEN?.trim();
  if (token) {
    out.TEMPORAL_CODEC_ENDPOINT = env.TEMPORAL_CODEC_ENDPOINT || `http://${config.api.host}:${config.api.port}/codec`;
    out.TEMPORAL_CODEC_AUTH = env.TEMPORAL_CODEC_AUTH || `Bearer ${token}`;
  }
  const endpoint = flagValue(args, '--codec-endpoint') ?? out.TEMPORAL_CODEC_ENDPOINT ?? env.TEMPORAL_CODEC_ENDPOINT;
  const auth = flagValue(args, '--codec-auth') ?? out.TEMPORAL_CODEC_AUTH ?? env.TEMPORAL_CODEC_AUTH;
  return {
    env: out,
    ...(endpoint ? { codec: { endpoint: endpoint.replace(/\/$/, ''), ...(auth ? { auth } : {}) } } : {}),
  };
}

/**
 * Asks the codec server to encode nothing, with the CLI's own credentials,
 * before the CLI runs. The CLI retries every refused decode (any answer but
 * 200 becomes a gRPC "Unknown" error, which the SDK retries) until its 10 s
 * deadline and then prints only "context deadline exceeded"; this says at
 * once that the token is refused, and why. Returns the reason, or nothing.
 */
export async function codecRefusal(
  codec: NonNullable<CliInvocation['codec']>,
  namespace: string,
): Promise<string | undefined> {
  let res: Response;
  try {
    res = await fetch(`${codec.endpoint}/encode`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-namespace': namespace,
        ...(codec.auth ? { authorization: codec.auth } : {}),
      },
      body: '{}',
      signal: AbortSignal.timeout(5_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    return `The codec server ${codec.endpoint} does not answer (${cause}). Is the API running (npm run dev)?`;
  }
  if (res.ok) return undefined;
  const text = await res.text();
  let detail = text.trim();
  try {
    const problem = JSON.parse(text) as { title?: string; detail?: string };
    detail = problem.detail ?? problem.title ?? detail;
  } catch {
    // not problem+json: the body as it came
  }
  const what = res.status === 401 || res.status === 403 ? 'refused the token' : 'refused the request';
  return `The codec server ${codec.endpoint} ${what} (${res.status} ${res.statusText}): ${detail}`;
}

/** Commands whose output holds payloads (inputs, results, memos, query and update answers). */
const SHOWS_PAYLOADS: Record<string, string[]> = {
  workflow: ['describe', 'show', 'query', 'result', 'execute', 'update', 'stack', 'metadata', 'trace'],
  schedule: ['describe', 'list'],
  activity: ['complete'],
};

/**
 * Without a codec server the CLI prints every payload as it is stored: encrypted
 * (`binary/encrypted`), with no word about it. Says so, and how to read them, for the
 * commands that show payloads; nothing when a codec server is given.
 */
export function ciphertextNotice(args: string[], invocation: CliInvocation): string | undefined {
  if (invocation.codec) return undefined;
  const [command, sub] = args.filter((a) => !a.startsWith('-'));
  if (!command || !sub || !SHOWS_PAYLOADS[command]?.includes(sub)) return undefined;
  return [
    'Note: payloads (inputs, results, memos, query answers) are encrypted; without the codec server',
    'this shows them as ciphertext (metadata encoding "binary/encrypted"). To read them decrypted,',
    'run it again with an operator token (every decryption is recorded under its name):',
    `  OPERATOR_TOKEN=rpt_... npm run temporal -- ${args.join(' ')}`,
    'An operator token is made with: npm run tokens -- create --principal <you> --role OPERATOR',
  ].join('\n');
}

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  DEMO_PEOPLE,
  hashPassword,
  newPassword,
  PeopleFile,
  peopleFilePath,
  type NewPerson,
} from '../../src/identity/people';
import { TEST_ENV } from '../setup/state';
import { eventually, freePort, spawnEntryPoint, type Spawned } from './processes';
import { refresh, signIn, type Tokens } from './sign-in';

/**
 * The embedded OpenID Provider in the tests: a process of its own (src/main/identity-provider.ts, as the
 * compose stack runs it), with the people below and passwords made for the run. People's access tokens
 * come from it for real, through its login form (./sign-in.ts), and are cached per person for the run
 * in its folder, so a test file asking for a token it already has costs a file read.
 */

export const TEST_CLIENT_ID = 'repatriation-web';
/** Registered with the provider; the tests read the code from the redirect, nothing listens there. */
export const TEST_REDIRECT_URI = 'http://127.0.0.1:3000/app/';

/** The demonstration people, and those only tests need. */
export const TEST_PEOPLE: NewPerson[] = [
  ...DEMO_PEOPLE,
  { username: 'liaison-by-1', name: 'Test Liaison BY', role: 'PARTY_LIAISON', party: 'BY' },
  { username: 'observer-ua-1', name: 'Test Observer UA', role: 'OBSERVER', party: 'UA' },
  // A role of the directory's that the service does not know.
  { username: 'supervisor-1', name: 'Test Supervisor', role: 'SUPERVISOR' },
  // For the test of a person disabled at the provider: nobody else uses this one.
  { username: 'leaver-1', name: 'Test Leaver', role: 'FIELD_STAFF' },
];

const passwordsFile = (dir: string) => path.join(dir, 'test-passwords.json');
const tokensFile = (dir: string, username: string) => path.join(dir, 'tokens', `${username}.json`);

/** Writes the people file of a test provider in `dir` with new passwords, and keeps the passwords beside it. */
export async function writeTestPeople(dir: string, people: NewPerson[] = TEST_PEOPLE): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const passwords = Object.fromEntries(people.map((p) => [p.username, newPassword()]));
  new PeopleFile(peopleFilePath(dir)).write(
    await Promise.all(
      people.map(async ({ role, ...p }) => ({
        ...p,
        roles: [role],
        passwordHash: await hashPassword(passwords[p.username]),
        disabled: false,
      })),
    ),
  );
  writeFileSync(passwordsFile(dir), JSON.stringify(passwords), { mode: 0o600 });
}

export interface TestProvider {
  issuer: string;
  /** Its folder: people.json, provider-keys.json, the passwords and the token cache. */
  dir: string;
  process: Spawned;
  stop(): Promise<void>;
}

/**
 * Starts a provider of its own on a free port (or env's IDENTITY_PORT), its data in `dataDir`/identity
 * (people written first unless there already), and waits until it answers its discovery document.
 */
export async function startTestProvider(dataDir: string, env: Record<string, string> = {}): Promise<TestProvider> {
  const dir = path.join(dataDir, 'identity');
  if (!existsSync(peopleFilePath(dir))) await writeTestPeople(dir);
  const port = env.IDENTITY_PORT ? Number(env.IDENTITY_PORT) : await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const spawned = spawnEntryPoint('src/main/identity-provider.ts', {
    DATA_DIR: dataDir,
    IDENTITY_PORT: String(port),
    IDENTITY_REDIRECT_URIS: TEST_REDIRECT_URI,
    // Long enough for a whole run: the tests' cache holds each person's token that long.
    IDENTITY_ACCESS_TOKEN_TTL: '2 hours',
    LOG_LEVEL: 'warn',
    ...env,
  });
  const died = spawned.exited.then(({ code, signal }) => {
    throw new Error(`the identity provider exited (${code ?? signal}):\n${spawned.output()}`);
  });
  await Promise.race([
    eventually(
      async () => (await fetch(`${issuer}/.well-known/openid-configuration`).catch(() => null))?.ok,
      'the identity provider',
      90_000,
      100,
    ),
    died,
  ]);
  died.catch(() => undefined);
  return {
    issuer,
    dir,
    process: spawned,
    async stop() {
      if (spawned.child.exitCode !== null || spawned.child.signalCode !== null) return;
      spawned.child.kill('SIGTERM');
      await spawned.exited;
    },
  };
}

/** The run's provider, started by global setup. */
export function runProvider(): { issuer: string; dir: string } {
  const issuer = process.env[TEST_ENV.oidcIssuer];
  const dir = process.env[TEST_ENV.identityDir];
  if (!issuer || !dir)
    throw new Error('no identity provider: run the tests through jest.config.js (its global setup).');
  return { issuer, dir };
}

export function passwordOf(dir: string, username: string): string {
  const password = (JSON.parse(readFileSync(passwordsFile(dir), 'utf8')) as Record<string, string>)[username];
  if (!password) throw new Error(`no test person ${username}`);
  return password;
}

/** Signs a person in at a provider, for real, through its login form. */
export const signInAs = (provider: { issuer: string; dir: string }, username: string): Promise<Tokens> =>
  signIn({
    issuer: provider.issuer,
    clientId: TEST_CLIENT_ID,
    redirectUri: TEST_REDIRECT_URI,
    username,
    password: passwordOf(provider.dir, username),
  });

/**
 * A person's access token from the run's provider: signed in once per run, then read from the cache until
 * a minute before it expires (then refreshed, or signed in again).
 */
export async function personToken(username: string): Promise<string> {
  const provider = runProvider();
  const file = tokensFile(provider.dir, username);
  let cached: (Tokens & { expiresAt: number }) | undefined;
  if (existsSync(file)) cached = JSON.parse(readFileSync(file, 'utf8')) as Tokens & { expiresAt: number };
  if (cached && cached.expiresAt - Date.now() > 60_000) return cached.access_token;
  const tokens = cached?.refresh_token
    ? await refresh(provider.issuer, TEST_CLIENT_ID, cached.refresh_token).catch(() => signInAs(provider, username))
    : await signInAs(provider, username);
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ ...tokens, expiresAt: Date.now() + tokens.expires_in * 1000 }), {
    mode: 0o600,
  });
  renameSync(temporary, file);
  return tokens.access_token;
}

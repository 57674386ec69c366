import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Role } from '../../workflows/shared/domain';

/**
 * The people of the embedded OpenID Provider (src/identity/provider.ts): one
 * JSON file, readable by its owner only, with each person's subject (user
 * name), display name, role, party, password hash (scrypt) and whether they are
 * disabled. The provider reads it again whenever it changed, so `npm run
 * identity -- disable <user>` takes effect at that person's next sign-in or
 * token refresh, without a restart.
 */

const SCRYPT: ScryptOptions = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;

const person = z.object({
  /** The subject (`sub`) of their tokens; an identifier, recorded as the principal of their actions. */
  username: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/),
  /** Shown and recorded beside the subject. */
  name: z.string().min(1).max(200),
  /** The service's role names (ROLES); the API refuses any other (a directory may hold roles it does not know). */
  roles: z.array(z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/)).min(1),
  party: z
    .string()
    .regex(/^[A-Z]{2,3}$/)
    .optional(),
  passwordHash: z.string().startsWith('scrypt$'),
  disabled: z.boolean().default(false),
});
export type Person = z.infer<typeof person>;
const peopleFile = z.object({ people: z.array(person) });

export interface NewPerson {
  username: string;
  name: string;
  role: Role | (string & {});
  party?: string;
}

/** The demonstration people: one per role, each party's liaison and forensic service. */
export const DEMO_PEOPLE: NewPerson[] = [
  { username: 'coordinator-1', name: 'Demo Coordinator', role: 'COORDINATOR' },
  { username: 'field-1', name: 'Demo Field Officer', role: 'FIELD_STAFF' },
  { username: 'liaison-ru-1', name: 'Demo Liaison RU', role: 'PARTY_LIAISON', party: 'RU' },
  { username: 'liaison-ua-1', name: 'Demo Liaison UA', role: 'PARTY_LIAISON', party: 'UA' },
  { username: 'forensic-ru-1', name: 'Demo Forensic Service RU', role: 'FORENSIC', party: 'RU' },
  { username: 'forensic-ua-1', name: 'Demo Forensic Service UA', role: 'FORENSIC', party: 'UA' },
  { username: 'tracing-1', name: 'Demo Tracing Officer', role: 'TRACING_OFFICER' },
  { username: 'observer-1', name: 'Demo Observer', role: 'OBSERVER' },
  { username: 'operator-1', name: 'Demo Operator', role: 'OPERATOR' },
];

const scrypt = (password: string, salt: Buffer) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password, salt, KEY_LENGTH, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))),
  );

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64url')}$${(await scrypt(password, salt)).toString('base64url')}`;
}

export async function passwordMatches(password: string, hash: string): Promise<boolean> {
  const [, salt, expected] = hash.split('$');
  const given = await scrypt(password, Buffer.from(salt, 'base64url'));
  const wanted = Buffer.from(expected, 'base64url');
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** A password to hand out once: 18 random characters, easy to type. */
export const newPassword = () => randomBytes(14).toString('base64url').slice(0, 18);

export const peopleFilePath = (dir: string) => path.join(dir, 'people.json');

/** The people file of `dir`: read again only when it changed on disk. */
export class PeopleFile {
  private cached: { mtimeMs: number; size: number; people: Person[] } | undefined;

  constructor(readonly file: string) {}

  all(): Person[] {
    const { mtimeMs, size } = statSync(this.file);
    if (!this.cached || this.cached.mtimeMs !== mtimeMs || this.cached.size !== size) {
      const parsed = peopleFile.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      if (!parsed.success) throw new Error(`${this.file} is not a people file: ${parsed.error.message}`);
      this.cached = { mtimeMs, size, people: parsed.data.people };
    }
    return this.cached.people;
  }

  find(username: string): Person | undefined {
    return this.all().find((p) => p.username === username);
  }

  /** Replaces the file at once (write and rename), so the provider never reads half of it. */
  write(people: Person[]): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify({ people }, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
    this.cached = undefined;
  }

  async add(newcomer: NewPerson, password: string): Promise<void> {
    const people = existsSync(this.file) ? this.all() : [];
    if (people.some((p) => p.username === newcomer.username)) throw new Error(`${newcomer.username} exists already`);
    const { role, ...rest } = newcomer;
    this.write([...people, { ...rest, roles: [role], passwordHash: await hashPassword(password), disabled: false }]);
  }

  /** Disables or enables a person; false when there is no such person. */
  setDisabled(username: string, disabled: boolean): boolean {
    const people = this.all();
    const found = people.find((p) => p.username === username);
    if (!found) return false;
    this.write(people.map((p) => (p === found ? { ...p, disabled } : p)));
    return true;
  }

  async setPassword(username: string, password: string): Promise<boolean> {
    const people = this.all();
    const found = people.find((p) => p.username === username);
    if (!found) return false;
    const passwordHash = await hashPassword(password);
    this.write(people.map((p) => (p === found ? { ...p, passwordHash } : p)));
    return true;
  }
}

/**
 * Creates the people file with the demonstration people when there is none yet; returns
 * their passwords (to be shown once), or nothing when the file existed.
 */
export async function createDemoPeopleOnce(
  file: string,
  people: NewPerson[] = DEMO_PEOPLE,
): Promise<Array<NewPerson & { password: string }>> {
  if (existsSync(file)) return [];
  const withPasswords = people.map((p) => ({ ...p, password: newPassword() }));
  const hashed = await Promise.all(
    withPasswords.map(async ({ password, role, ...rest }) => ({
      ...rest,
      roles: [role],
      passwordHash: await hashPassword(password),
      disabled: false,
    })),
  );
  new PeopleFile(file).write(hashed);
  return withPasswords;
}

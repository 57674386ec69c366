// The embedded OpenID Provider's people (DATA_DIR/identity/people.json), for its administrator:
//   npm run identity -- list
//   npm run identity -- disable <user>     (refused at their next sign-in or token refresh)
//   npm run identity -- enable <user>
//   npm run identity -- password <user>    (a new password, printed once)
//   npm run identity -- add <user> --name <display name> --role <ROLE> [--party <code>]
//   npm run identity -- rotate-keys        (a new signing key, used from the provider's next start)
// A running provider reads people.json again when it changes: no restart needed but for rotate-keys.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { roleAndPartyProblem } from '../identity/claims';
import { providerKeysPath, rotateSigningKey } from '../identity/keys';
import { newPassword, PeopleFile, peopleFilePath, type NewPerson } from '../identity/people';
import { ROLES, type Role } from '../../workflows/shared/domain';
import { failStart } from './lifecycle';

const USAGE = `usage:
  npm run identity -- list
  npm run identity -- disable <user> | enable <user> | password <user>
  npm run identity -- add <user> --name <display name> --role <${ROLES.join('|')}> [--party <code>]
  npm run identity -- rotate-keys`;

/** What a start prints once: where people sign in, and each person's password. */
export function passwordLines(issuer: string, people: Array<NewPerson & { password: string }>): string[] {
  return [
    `  People sign in at ${issuer} (the field app and /docs send them there); passwords shown once, keep them:`,
    '',
    ...people.map((p) => `    ${`${p.username} (${p.role}${p.party ? ` ${p.party}` : ''})`.padEnd(36)} ${p.password}`),
    '',
  ];
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, role: { type: 'string' }, party: { type: 'string' } },
  });
  const [command, username] = positionals;
  const { dataDir } = loadConfig().identity;
  const people = new PeopleFile(peopleFilePath(dataDir));
  const missing = (user: string) => `No person ${user} in ${people.file}.`;
  if (command === 'list') {
    for (const p of people.all()) {
      console.log(
        [p.username, p.roles.join(','), p.party ?? '-', p.disabled ? 'disabled' : 'enabled', p.name].join('  '),
      );
    }
  } else if ((command === 'disable' || command === 'enable') && username) {
    if (!people.setDisabled(username, command === 'disable')) throw new Error(missing(username));
    console.log(`${username} is ${command}d.`);
  } else if (command === 'password' && username) {
    const password = newPassword();
    if (!(await people.setPassword(username, password))) throw new Error(missing(username));
    console.log(`${username}  ${password}\n(shown once: only its hash is stored)`);
  } else if (command === 'add' && username && values.name && ROLES.includes(values.role as Role)) {
    const problem = roleAndPartyProblem(values.role as Role, values.party);
    if (problem) throw new Error(problem);
    const password = newPassword();
    await people.add({ username, name: values.name, role: values.role as Role, party: values.party }, password);
    console.log(`${username}  ${password}\n(shown once: only its hash is stored)`);
  } else if (command === 'rotate-keys') {
    const kid = rotateSigningKey(providerKeysPath(dataDir));
    console.log(`New signing key ${kid}; the provider signs with it from its next start (older keys stay published).`);
  } else {
    throw new Error(USAGE);
  }
}

if (require.main === module) main().catch(failStart);

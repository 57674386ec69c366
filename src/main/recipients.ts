// Where notifications go: `npm run recipients -- set UA WEBHOOK https://ua.example/hooks --secret <s>`,
// `npm run recipients -- set COORDINATOR EMAIL coordination@intermediary.example`,
// `npm run recipients -- remove UA WEBHOOK`, `npm run recipients -- list`.
// Recipients are party codes, INTERMEDIARY, COORDINATOR, TRACING or an authority (e.g. FORENSIC-UA).
// Notifications kept while a recipient had no address are released when one is set (src/notification/service.ts).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createDb } from '../db';
import { toolDatabaseUrl } from '../db/tool-database';
import { awaitingCounts, setAddress } from '../notification/service';
import { failStart } from './lifecycle';

const CHANNELS = ['WEBHOOK', 'EMAIL'] as const;
const USAGE = `usage:
  npm run recipients -- set <recipient> WEBHOOK <https url> --secret <hmac secret>
  npm run recipients -- set <recipient> EMAIL <address>
  npm run recipients -- remove <recipient> <channel>
  npm run recipients -- list`;

async function main() {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { secret: { type: 'string' } } });
  const [command, recipient, channelArg, address] = positionals;
  const channel = channelArg as (typeof CHANNELS)[number];
  const databaseUrl = await toolDatabaseUrl(loadConfig());
  const db = createDb(databaseUrl);
  try {
    if (command === 'set' && recipient && CHANNELS.includes(channel) && address) {
      const { released } = await setAddress(db, { recipient, channel, address, secret: values.secret });
      console.log(`${recipient} is notified by ${channel}.`);
      // Kept while the recipient had no address; the worker's dispatcher sends them now, each once.
      if (released)
        console.log(`${released} notification(s) waiting for an address now go to ${recipient} by ${channel}.`);
    } else if (command === 'remove' && recipient && CHANNELS.includes(channel)) {
      const { count } = await db.notificationRecipient.deleteMany({ where: { recipient, channel } });
      console.log(count ? `Removed ${recipient} ${channel}.` : `${recipient} had no ${channel} address.`);
    } else if (command === 'list') {
      for (const r of await db.notificationRecipient.findMany({
        orderBy: [{ recipient: 'asc' }, { channel: 'asc' }],
      })) {
        console.log(`${r.recipient}  ${r.channel}  ${r.address}${r.secret ? '  (signed)' : ''}`);
      }
      for (const { recipient: waiting, count } of await awaitingCounts(db)) {
        console.log(`${waiting}  no address: ${count} notification(s) waiting for one`);
      }
    } else {
      throw new Error(USAGE);
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch(failStart);

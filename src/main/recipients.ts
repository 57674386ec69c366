// Where notifications go: `npm run recipients -- set UA WEBHOOK https://ua.example/hooks --secret <s>`,
// `npm run recipients -- set COORDINATOR EMAIL coordination@intermediary.example`,
// `npm run recipients -- remove UA WEBHOOK`, `npm run recipients -- list`.
// Recipients are party codes, INTERMEDIARY, COORDINATOR or an authority (e.g. FORENSIC-UA).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createDb } from '../db';
import { toolDatabaseUrl } from '../db/tool-database';
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
      if (channel === 'WEBHOOK' && (!/^https?:\/\//.test(address) || !values.secret)) {
        throw new Error('A webhook needs an http(s) URL and --secret: webhooks are never sent unsigned.');
      }
      if (channel === 'EMAIL' && !/^[^@\s]+@[^@\s]+$/.test(address)) throw new Error('Not an e-mail address.');
      const data = { address, secret: channel === 'WEBHOOK' ? values.secret! : null };
      await db.notificationRecipient.upsert({
        where: { recipient_channel: { recipient, channel } },
        create: { recipient, channel, ...data },
        update: data,
      });
      console.log(`${recipient} is notified by ${channel}.`);
    } else if (command === 'remove' && recipient && CHANNELS.includes(channel)) {
      const { count } = await db.notificationRecipient.deleteMany({ where: { recipient, channel } });
      console.log(count ? `Removed ${recipient} ${channel}.` : `${recipient} had no ${channel} address.`);
    } else if (command === 'list') {
      for (const r of await db.notificationRecipient.findMany({
        orderBy: [{ recipient: 'asc' }, { channel: 'asc' }],
      })) {
        console.log(`${r.recipient}  ${r.channel}  ${r.address}${r.secret ? '  (signed)' : ''}`);
      }
    } else {
      throw new Error(USAGE);
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch(failStart);

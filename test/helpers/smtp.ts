import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on 127.0.0.1 (smtp-server, no TLS, no authentication) that keeps every mail it receives. */

export interface Mail {
  from: string;
  to: string[];
  raw: string;
}

export interface Smtp {
  url: string;
  mails: Mail[];
  close(): Promise<void>;
}

export async function startSmtp(options: { rejectRecipients?: boolean } = {}): Promise<Smtp> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!options.rejectRecipients) return callback();
      callback(Object.assign(new Error(`mailbox ${address.address} unavailable`), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= new Promise<void>((resolve) => server.close(resolve)));
  return { url: `smtp://127.0.0.1:${port}`, mails, close };
}

/** A header of a raw message (or MIME part), unfolded. */
export function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  return head
    .split(/\r?\n/)
    .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    ?.slice(name.length + 1)
    .trim();
}

export interface MailPart {
  contentType: string;
  filename?: string;
  content: Buffer;
}

const decodeQuotedPrintable = (s: string) =>
  Buffer.from(
    s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  );

/** The parts of a multipart mail, one level deep, decoded (base64, quoted-printable or as is). */
export function mailParts(raw: string): MailPart[] {
  const boundary = /boundary="?([^";]+)"?/.exec(header(raw, 'Content-Type') ?? '')?.[1];
  if (!boundary) return [];
  return raw
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const text = part.replace(/^\r?\n/, '');
      const [, body = ''] = /\r?\n\r?\n([\s\S]*)$/.exec(text) ?? [];
      const encoding = (header(text, 'Content-Transfer-Encoding') ?? '').toLowerCase();
      const content =
        encoding === 'base64'
          ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
          : encoding === 'quoted-printable'
            ? decodeQuotedPrintable(body)
            : Buffer.from(body, 'utf8');
      const disposition = `${header(text, 'Content-Disposition') ?? ''}; ${header(text, 'Content-Type') ?? ''}`;
      const filename = /(?:file)?name="?([^";]+)"?/.exec(disposition)?.[1];
      return {
        contentType: (header(text, 'Content-Type') ?? '').split(';')[0].trim(),
        ...(filename ? { filename } : {}),
        content,
      };
    });
}

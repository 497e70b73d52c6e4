// The far side of the channels bench: a real SMTP server and the Twilio-wire fake, both on
// 127.0.0.1, each noting when every message arrived and for whom, so the bench can count
// deliveries, spot duplicates and losses, and measure the rate the provider saw.

import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { startFakeSmsProvider, type FakeSmsProvider } from '../test/support/fake-sms-provider.ts';

/** What a provider received: one arrival time (performance.now() ms) and one key per message. */
export interface Arrivals {
  atMs: number[];
  /** Whatever identifies the message's notification: its X-Herald-Notification-Id, or the SMS's To. */
  keys: string[];
}

export interface SmtpSink extends Arrivals {
  url: string;
  /** The first messages, parsed in full, to check that what Herald sends is well-formed mail. */
  samples: ParsedMail[];
  stop(): Promise<void>;
}

export interface SmsSink extends Arrivals {
  fake: FakeSmsProvider;
  stop(): Promise<void>;
}

const SAMPLES = 3;
const NOTIFICATION_HEADER = /^x-herald-notification-id:\s*(\S+)/im;

/** An SMTP server that accepts everything (no TLS, no login) and notes each message. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const sink: Omit<SmtpSink, 'url' | 'stop'> = { atMs: [], keys: [], samples: [] };
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    // nodemailer's pool opens up to 5 connections; leave room for reconnects.
    maxClients: 50,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const headerEnd = raw.indexOf('\r\n\r\n');
        const head = raw.subarray(0, headerEnd < 0 ? raw.length : headerEnd).toString('utf8');
        sink.atMs.push(performance.now());
        sink.keys.push(NOTIFICATION_HEADER.exec(head)?.[1] ?? '(no notification id)');
        if (sink.samples.length >= SAMPLES) return callback();
        simpleParser(raw).then(
          (parsed) => {
            sink.samples.push(parsed);
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    ...sink,
    url: `smtp://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The Twilio fake from the tests, with each request's arrival time noted as it is recorded. */
export async function startSmsSink(): Promise<SmsSink> {
  const fake = await startFakeSmsProvider();
  const sink: Arrivals = { atMs: [], keys: [] };
  // The fake records requests but not when they came; its push is the moment of arrival.
  const record = fake.requests.push.bind(fake.requests);
  fake.requests.push = (...requests) => {
    for (const request of requests) {
      sink.atMs.push(performance.now());
      sink.keys.push(request.form['To'] ?? '(no To)');
    }
    return record(...requests);
  };
  return { ...sink, fake, stop: () => fake.stop() };
}

/** The most arrivals in any window of `windowMs` (sliding, not aligned to clock seconds). */
export function peakInWindow(atMs: readonly number[], windowMs = 1_000): number {
  const sorted = [...atMs].sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while (sorted[end]! - sorted[start]! >= windowMs) start += 1;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

/** Keys that arrived more than once, and how many extra copies in all. */
export function countDuplicates(keys: readonly string[]): { unique: number; extraCopies: number } {
  const unique = new Set(keys).size;
  return { unique, extraCopies: keys.length - unique };
}

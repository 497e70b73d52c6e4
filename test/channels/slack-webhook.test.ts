// Slack incoming-webhook transport against a local stand-in for hooks.slack.com: `ok` on success,
// Slack's status codes and one-word bodies on failure, and the Block Kit layout of an alert.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSlackTransport, slackSettingsSchema, type SlackSettings } from '../../src/adapters/channels/slack-webhook.ts';
import { outgoingMessage, startProviderServer, unreachableUrl, type ProviderReply, type ProviderServer, type ReceivedRequest } from './provider-server.ts';

const HOOK = '/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';

// The last path segment picks Slack's answer; the real service's documented words.
const ANSWERS: Record<string, ProviderReply> = {
  revoked: { status: 404, body: 'no_service' },
  archived: { status: 410, body: 'channel_is_archived' },
  prohibited: { status: 403, body: 'action_prohibited' },
  busy: { status: 429, headers: { 'retry-after': '30' }, body: 'rate_limited' },
  broken: { status: 500, body: 'rollup_error' },
  invalid: { status: 400, body: 'invalid_payload' },
};

function slack(request: ReceivedRequest): ProviderReply {
  const answer = ANSWERS[request.path.split('/').pop() ?? ''];
  if (answer) return answer;
  if (request.method !== 'POST' || request.path !== HOOK) return { status: 404, body: 'no_service' };
  const body = request.json as { text?: unknown; blocks?: unknown } | undefined;
  if (request.headers['content-type'] !== 'application/json' || typeof body?.text !== 'string' || !Array.isArray(body.blocks)) return { status: 400, body: 'invalid_payload' };
  return { status: 200, body: 'ok' };
}

let server: ProviderServer;
let settings: SlackSettings;
before(async () => {
  server = await startProviderServer(slack);
  settings = slackSettingsSchema.parse({ url: `${server.baseUrl}${HOOK}` });
});
after(() => server.close());

const at = (segment: string): SlackSettings => ({ url: `${server.baseUrl}/services/T0/B0/${segment}` });

describe('Slack transport', () => {
  test('posts the alert as header, section and metadata context; 200 ok is sent without an id', async () => {
    const transport = createSlackTransport(settings);
    assert.deepEqual([transport.provider, transport.channel, transport.idempotent], ['slack', 'slack', false]);
    const message = outgoingMessage({ channel: 'slack', recipient: '#ops', subject: 'Parcel stalled: order 1042', text: 'No scan for 52 hours <DHL> & counting.', metadata: { order_ref: '1042', carrier: 'dhl' } });
    assert.deepEqual(await transport.send(message), { kind: 'sent', providerMessageId: null });
    assert.deepEqual(server.requests.at(-1)!.json, {
      text: 'Parcel stalled: order 1042\nNo scan for 52 hours <DHL> & counting.',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Parcel stalled: order 1042', emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: 'No scan for 52 hours &lt;DHL&gt; &amp; counting.' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '*order_ref:* 1042' }, { type: 'mrkdwn', text: '*carrier:* dhl' }] },
      ],
    });
  });

  test('without a subject or metadata there is no header and no context block; long text is cut to Slack limits', async () => {
    await createSlackTransport(settings).send(outgoingMessage({ subject: null, text: 'x'.repeat(3_500) }));
    const body = server.requests.at(-1)!.json as { text: string; blocks: { type: string; text: { text: string } }[] };
    assert.deepEqual(body.blocks.map((b) => b.type), ['section']);
    assert.equal(body.blocks[0]!.text.text.length, 3_000);
    assert.equal(body.text.length, 3_000);
  });

  for (const [segment, status, words] of [
    ['revoked', 404, /\(404 no_service\): the webhook was removed or disabled/],
    ['archived', 410, /\(410 channel_is_archived\): the channel was archived/],
    ['prohibited', 403, /\(403 action_prohibited\): a workspace admin restricts posting here/],
  ] as const) {
    test(`${status} ${segment} is permanent with Slack's own word`, async () => {
      const outcome = await createSlackTransport(at(segment)).send(outgoingMessage());
      assert.equal(outcome.kind, 'permanent');
      assert.match(outcome.kind === 'permanent' ? outcome.reason : '', words);
    });
  }

  test('400 invalid_payload is permanent, and the stand-in gives it for a payload Slack cannot read', async () => {
    const response = await fetch(`${server.baseUrl}${HOOK}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"blocks":"nope"}' });
    assert.deepEqual([response.status, await response.text()], [400, 'invalid_payload']);
    const outcome = await createSlackTransport(at('invalid')).send(outgoingMessage());
    assert.equal(outcome.kind, 'permanent');
    assert.match(outcome.kind === 'permanent' ? outcome.reason : '', /\(400 invalid_payload\): Slack could not read the message/);
  });

  test('429 is temporary after Retry-After; 5xx is temporary', async () => {
    assert.deepEqual(await createSlackTransport(at('busy')).send(outgoingMessage()), { kind: 'temporary', reason: 'Slack rate limit (429 rate_limited)', retryAfterMs: 30_000 });
    const broken = await createSlackTransport(at('broken')).send(outgoingMessage());
    assert.equal(broken.kind, 'temporary');
    assert.match(broken.kind === 'temporary' ? broken.reason : '', /answered 500 rollup_error/);
  });

  test('the webhook path (the credential) never appears in a reason', async () => {
    const outcome = await createSlackTransport({ url: `${await unreachableUrl()}${HOOK}` }).send(outgoingMessage());
    assert.equal(outcome.kind, 'temporary');
    const reason = outcome.kind === 'temporary' ? outcome.reason : '';
    assert.match(reason, /^Slack webhook 127\.0\.0\.1:\d+ unreachable: fetch failed/);
    assert.doesNotMatch(reason, /XXXXXXXX/);
  });
});

describe('Slack settings', () => {
  test('accepts hooks.slack.com and self-hosted http(s) URLs', () => {
    assert.equal(slackSettingsSchema.safeParse({ url: 'https://hooks.slack.com/services/T0/B0/abc' }).success, true);
    assert.equal(slackSettingsSchema.safeParse({ url: 'http://mattermost.internal:8065/hooks/abc' }).success, true);
  });

  test('refuses a missing or non-http URL and names the field', () => {
    for (const url of [undefined, 'hooks.slack.com/services/x', 'ftp://hooks.slack.com/x']) {
      const result = slackSettingsSchema.safeParse({ url });
      assert.equal(result.success, false);
      assert.deepEqual(result.error!.issues[0]!.path, ['url']);
      assert.match(result.error!.issues[0]!.message, /^url must be an http\(s\) URL/);
    }
  });
});

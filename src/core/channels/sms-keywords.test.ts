import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SmsKeywordKind } from './sms-keywords.ts';
import { classifySmsKeyword } from './sms-keywords.ts';

// [inbound text, expected]
const keywords: [string, SmsKeywordKind][] = [
  ['STOP', 'opt_out'],
  ['stop', 'opt_out'],
  ['Stop', 'opt_out'],
  ['  STOP  ', 'opt_out'],
  ['STOP\n', 'opt_out'],
  ['Stop!', 'opt_out'],
  ['STOP.', 'opt_out'],
  ['stop!!!', 'opt_out'],
  ['stop ?', 'opt_out'],
  ['STOPALL', 'opt_out'],
  ['Unsubscribe', 'opt_out'],
  ['cancel', 'opt_out'],
  ['END', 'opt_out'],
  ['quit', 'opt_out'],
  ['OPTOUT', 'opt_out'],
  ['revoke', 'opt_out'],
  ['STOPP', 'opt_out'],
  ['Stopp!', 'opt_out'],
  ['ARRET', 'opt_out'],
  ['ARRÊT', 'opt_out'],
  ['arrêt', 'opt_out'],
  // The same word with the circumflex as a combining mark (decomposed input from some keyboards).
  ['arre\u0302t', 'opt_out'],
  ['BAJA', 'opt_out'],
  ['alto', 'opt_out'],
  ['ＳＴＯＰ', 'opt_out'],
  ['\u200bSTOP', 'opt_out'],
  ['START', 'opt_in'],
  ['start', 'opt_in'],
  ['Yes', 'opt_in'],
  ['YES!', 'opt_in'],
  ['unstop', 'opt_in'],
  ['HELP', 'help'],
  ['help?', 'help'],
  ['Info', 'help'],
];

for (const [text, expected] of keywords) {
  test(`classifySmsKeyword: ${JSON.stringify(text)} is ${expected}`, () => {
    assert.equal(classifySmsKeyword(text), expected);
  });
}

// Messages a human must read: acting on any of them would unsubscribe or resubscribe someone who
// did not ask for it.
const conversation: string[] = [
  'stop sending me ads please',
  'STOP PLEASE',
  'please stop',
  'stop stop',
  'cancel my order',
  'Yes please',
  'yes, it arrived',
  'I need help with my parcel',
  'help me',
  'the end',
  'stopped',
  'nonstop',
  'stops',
  'STOPPED!',
  'unsubscribed',
  'starter',
  'information',
  'yess',
  'S T O P',
  'ST0P',
  '.STOP',
  '"stop"',
  'stop-all',
  'opt out',
  'ok',
  '',
  '   ',
  '!!!',
  '🛑',
];

for (const text of conversation) {
  test(`classifySmsKeyword: ${JSON.stringify(text)} is not a keyword`, () => {
    assert.equal(classifySmsKeyword(text), null);
  });
}

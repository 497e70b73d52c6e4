// The settings form's fields as the body `updateSettings` takes (the same as PATCH /v1/settings):
// empty text means "none" for optional URLs and addresses, and empty quiet hours turn them off.

export type FormFields = Record<string, string | File | (string | File)[]>;

export function field(form: FormFields, name: string): string {
  const value = form[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

export function settingsBody(form: FormFields): Record<string, unknown> {
  const optional = (name: string) => (field(form, name).trim() === '' ? null : field(form, name).trim());
  const brand: Record<string, unknown> = {
    logo_url: optional('brand_logo_url'),
    help_url: optional('brand_help_url'),
    sender_name: optional('brand_sender_name'),
    reply_to: optional('brand_reply_to'),
  };
  if (field(form, 'brand_name').trim() !== '') brand['name'] = field(form, 'brand_name').trim();
  if (field(form, 'brand_primary_color').trim() !== '') brand['primary_color'] = field(form, 'brand_primary_color').trim();
  const start = field(form, 'quiet_start').trim();
  const end = field(form, 'quiet_end').trim();
  const body: Record<string, unknown> = {
    brand,
    quiet_hours: start === '' && end === '' ? null : { start, end },
    ticket_answering: field(form, 'ticket_answering') || 'off',
    case_escalation: { team: field(form, 'escalation_team') || null, slack: field(form, 'escalation_slack') === 'on' },
  };
  const cap = field(form, 'max_messages_per_recipient_per_day').trim();
  if (cap !== '') body['max_messages_per_recipient_per_day'] = Number(cap);
  return body;
}

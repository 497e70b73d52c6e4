// Settings for owners: branding, quiet hours, the frequency cap, ticket answering, case
// escalation; each channel's providers (secrets redacted, edited as JSON); the team and roles.

import type { FC } from 'hono/jsx';
import type { listChannels } from '../../app/manage-channels.ts';
import type { settingsView } from '../../app/manage-settings.ts';
import { USER_ROLES, type UserRecord } from '../../core/admin/user-record.ts';
import { OWNER_TEAMS } from '../../core/cases/case-record.ts';
import { Csrf, when } from './admin-layout.tsx';

type Settings = ReturnType<typeof settingsView>;
type Channel = Awaited<ReturnType<typeof listChannels>>[number];

export const SettingsPage: FC<{ settings: Settings; channels: readonly Channel[] | null; users: readonly UserRecord[]; me: UserRecord; csrf: string }> = ({ settings: s, channels, users, me, csrf }) => (
  <>
    <h1>Settings</h1>
    <section class="card" aria-labelledby="s-store">
      <h2 id="s-store">Store</h2>
      <form method="post" action="/admin/settings" class="stack">
        <Csrf token={csrf} />
        <fieldset>
          <legend>Branding</legend>
          <label for="brand-name">Brand name</label>
          <input id="brand-name" name="brand_name" type="text" value={s.brand.name} />
          <label for="brand-color">Primary colour</label>
          <input id="brand-color" name="brand_primary_color" type="text" value={s.brand.primary_color} />
          <label for="brand-logo">Logo URL</label>
          <input id="brand-logo" name="brand_logo_url" type="text" value={s.brand.logo_url ?? ''} />
          <label for="brand-help">Help URL</label>
          <input id="brand-help" name="brand_help_url" type="text" value={s.brand.help_url ?? ''} />
          <label for="brand-sender">Sender name</label>
          <input id="brand-sender" name="brand_sender_name" type="text" value={s.brand.sender_name ?? ''} />
          <label for="brand-reply">Reply-to address</label>
          <input id="brand-reply" name="brand_reply_to" type="email" value={s.brand.reply_to ?? ''} />
        </fieldset>
        <fieldset>
          <legend>Quiet hours (recipient's local time; empty for none)</legend>
          <label for="quiet-start">From</label>
          <input id="quiet-start" name="quiet_start" type="text" placeholder="21:00" value={s.quiet_hours?.start ?? ''} />
          <label for="quiet-end">Until</label>
          <input id="quiet-end" name="quiet_end" type="text" placeholder="08:00" value={s.quiet_hours?.end ?? ''} />
        </fieldset>
        <label for="cap">Messages per recipient per day at most</label>
        <input id="cap" name="max_messages_per_recipient_per_day" type="number" min="1" max="50" value={String(s.max_messages_per_recipient_per_day)} />
        <label for="tickets">Ticket answering</label>
        <select id="tickets" name="ticket_answering">
          {(['off', 'tag', 'answer'] as const).map((v) => <option value={v} selected={s.ticket_answering === v}>{v}</option>)}
        </select>
        <fieldset>
          <legend>Case escalation</legend>
          <label for="esc-team">Escalate to team</label>
          <select id="esc-team" name="escalation_team">
            <option value="">keep the case's team</option>
            {OWNER_TEAMS.map((t) => <option value={t} selected={s.case_escalation.team === t}>{t}</option>)}
          </select>
          <label>
            <input type="checkbox" name="escalation_slack" value="on" checked={s.case_escalation.slack} /> Alert the store's Slack channel
          </label>
        </fieldset>
        <button type="submit">Save settings</button>
      </form>
    </section>

    <section class="card" aria-labelledby="s-channels">
      <h2 id="s-channels">Channels</h2>
      {channels === null ? <p class="muted">Channels are not served by this process.</p> : channels.map((ch) => (
        <details class="card">
          <summary>
            <strong>{ch.channel}</strong> → {ch.delivers_to}{ch.providers.length > 0 ? ` (${ch.providers.map((p) => p.provider).join(', ')})` : ''}
          </summary>
          <p class="muted">Available providers: {ch.available_providers.join(', ') || 'none'}. Secrets show as [redacted]; to keep one, type it again.</p>
          <pre>{JSON.stringify(ch.providers, null, 2)}</pre>
          <form method="post" action={`/admin/settings/channels/${ch.channel}`} class="stack">
            <Csrf token={csrf} />
            <label for={`ch-${ch.channel}`}>Providers (JSON: {'{"providers": [{"provider": ..., "settings": {...}}]}'})</label>
            <textarea id={`ch-${ch.channel}`} name="config">{JSON.stringify({ providers: ch.providers.map((p) => ({ provider: p.provider, name: p.name, settings: p.settings, rate_per_second: p.rate_per_second, burst: p.burst })) }, null, 2)}</textarea>
            <button type="submit">Save {ch.channel}</button>
          </form>
        </details>
      ))}
    </section>

    <section class="card" aria-labelledby="s-team">
      <h2 id="s-team">Team</h2>
      <table>
        <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Since</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
        <tbody>
          {users.map((u) => (
            <tr>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>{u.role}</td>
              <td>{u.disabledAt ? <span class="tag skipped">disabled {when(u.disabledAt)}</span> : when(u.createdAt)}</td>
              <td>
                {u.id === me.id ? <span class="muted">you</span> : (
                  <form method="post" action={`/admin/settings/users/${encodeURIComponent(u.id)}/${u.disabledAt ? 'enable' : 'disable'}`} class="inline">
                    <Csrf token={csrf} />
                    <button type="submit" class={u.disabledAt ? 'secondary' : 'danger'}>{u.disabledAt ? 'Enable' : 'Disable'}</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Add a member</h3>
      <form method="post" action="/admin/settings/users" class="stack">
        <Csrf token={csrf} />
        <label for="u-name">Name</label>
        <input id="u-name" name="name" type="text" required />
        <label for="u-email">Email</label>
        <input id="u-email" name="email" type="email" required />
        <label for="u-role">Role</label>
        <select id="u-role" name="role">{USER_ROLES.map((r) => <option value={r} selected={r === 'agent'}>{r}</option>)}</select>
        <label for="u-password">Password (at least 10 characters)</label>
        <input id="u-password" name="password" type="password" required minlength={10} autocomplete="new-password" />
        <button type="submit">Add member</button>
      </form>
    </section>
  </>
);

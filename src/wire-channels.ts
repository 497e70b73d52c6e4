// Channel wiring shared by both composition roots (src/main.ts and the HTTP thread): the adapters,
// and message links signed with the install's secret.

import { channelCallbacks, channelProviders } from './adapters/channels/index.ts';
import { compileEmailLayout } from './adapters/channels/email-layout.ts';
import { cryptoIds } from './adapters/runtime/crypto-ids.ts';
import { createMessageLinks } from './app/message-links.ts';
import type { HeraldConfig } from './config/options.ts';
import { isoAt, type Clock } from './core/ports/clock.ts';
import type { Store } from './core/ports/store.ts';
import type { ChannelHttpDeps } from './http/context.ts';

/** The install's secret for signing message links: created by whichever process starts first, read by the others. */
export function installLinkSecret(store: Store, clock: Clock): Promise<string> {
  return store.admin.installSecret('message-links', cryptoIds.secretToken(32), isoAt(clock.nowMs()));
}

/** What HTTP needs for channels, in any thread: the adapters, and message links signed with `secret`. */
export function channelHttpDeps(config: HeraldConfig, clock: Clock, secret: string, invalidate: ((storeId: string) => void) | null): ChannelHttpDeps {
  const publicUrl = config.publicUrl ?? `http://${config.host}:${config.port}`;
  return {
    providers: channelProviders(clock),
    callbacks: channelCallbacks(),
    links: createMessageLinks(publicUrl, secret),
    publicUrl,
    compileEmailLayout,
    invalidate: invalidate ?? undefined,
  };
}


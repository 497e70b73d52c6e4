// The tracking page's words in every language it speaks.

import type { Language } from '../shared/i18n.ts';
import { DE } from './messages-de.ts';
import { EN, type TrackingMessages } from './messages-en.ts';
import { ES } from './messages-es.ts';
import { FR } from './messages-fr.ts';

export type { TrackingMessages } from './messages-en.ts';

export const TRACKING_MESSAGES: Readonly<Record<Language, TrackingMessages>> = { en: EN, de: DE, fr: FR, es: ES };

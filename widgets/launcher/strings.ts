import type { Conversation } from '../../src/protocol/conversation.ts';
import { wordsFor } from '../language.ts';

type Words = Record<Conversation['type'], string> & {
  /** A conversation minimised to the launcher. */
  resume: string;
  /** `{n}`: how many. */
  unread: string;
};

const STRINGS: Record<'en' | 'de' | 'fr', Words> = {
  en: {
    chat: 'Chat with us',
    callback: 'Call me back',
    message: 'Write to us',
    resume: 'Back to the conversation',
    unread: '{n} unread',
  },
  de: {
    chat: 'Mit uns chatten',
    callback: 'Rückruf anfordern',
    message: 'Schreiben Sie uns',
    resume: 'Zurück zur Unterhaltung',
    unread: '{n} ungelesen',
  },
  fr: {
    chat: 'Discuter avec nous',
    callback: 'Me rappeler',
    message: 'Nous écrire',
    resume: 'Revenir à la conversation',
    unread: '{n} non lus',
  },
};

/** The launcher's words for a language tag like `fr-CA`, English when Beckon does not speak it. */
export const launcherStrings = (languageTag: string): Words => wordsFor(STRINGS, languageTag).words;

import { wordsFor } from '../language.ts';

/** The chat panel's newer words in each language Beckon speaks; the rest are English for now. */
const STRINGS: Record<
  'en' | 'de' | 'fr',
  {
    minimise: string;
    newChat: string;
    sending: string;
    sent: string;
    notSent: string;
    rateQuestion: string;
    /** `{n}`: the rating. */
    rate: string;
    rated: string;
    transcript: string;
  }
> = {
  en: {
    minimise: 'Minimise',
    newChat: 'Start a new chat',
    sending: 'Sending…',
    sent: 'Sent',
    notSent: 'Not sent',
    rateQuestion: 'How was this chat?',
    rate: '{n} of 5',
    rated: 'Thank you: you rated this chat {n} of 5.',
    transcript: 'Download the transcript',
  },
  de: {
    minimise: 'Minimieren',
    newChat: 'Neuen Chat beginnen',
    sending: 'Wird gesendet…',
    sent: 'Gesendet',
    notSent: 'Nicht gesendet',
    rateQuestion: 'Wie war dieser Chat?',
    rate: '{n} von 5',
    rated: 'Danke: Sie haben diesen Chat mit {n} von 5 bewertet.',
    transcript: 'Verlauf herunterladen',
  },
  fr: {
    minimise: 'Réduire',
    newChat: 'Nouvelle conversation',
    sending: 'Envoi…',
    sent: 'Envoyé',
    notSent: 'Non envoyé',
    rateQuestion: 'Comment s’est passée cette conversation ?',
    rate: '{n} sur 5',
    rated: 'Merci : vous avez noté cette conversation {n} sur 5.',
    transcript: 'Télécharger la transcription',
  },
};

export type ChatStrings = (typeof STRINGS)['en'];

/** The words for a language tag like `de-CH`, English when Beckon does not speak it. */
export const chatStrings = (languageTag: string): ChatStrings =>
  wordsFor(STRINGS, languageTag).words;

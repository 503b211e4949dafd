import { render } from 'preact';
import type { InvitationConfig } from '../../src/protocol/config.ts';
import type { ShownInvite } from '../../src/protocol/notification.ts';
import { mountShadow } from '../shadow-host.ts';
import { Invitation } from './invitation.tsx';
import { stringsFor } from './strings.ts';
import { CSS } from './styles.ts';

export interface ShowInvitationOptions {
  doc: Document;
  invite: ShownInvite;
  config: InvitationConfig | undefined;
  onAnswer(answer: 'accept' | 'reject' | 'timeout'): void;
}

/** Mounts the overlay in a shadow root of its own; `close` removes every trace of it. */
export function showInvitation({ doc, invite, config = {}, onAnswer }: ShowInvitationOptions) {
  const { box, attach, remove } = mountShadow(doc, 'invitation', CSS);
  box.setAttribute('data-position', config.position ?? 'bottom-right');
  const language = config.language ?? (doc.documentElement.lang || 'en');
  const { text, dir } = stringsFor(language, config.strings);
  box.setAttribute('dir', doc.documentElement.dir === 'rtl' ? 'rtl' : dir);
  box.setAttribute('lang', language);
  const theme: Array<[string, string | undefined]> = [
    ['--beckon-accent', config.colors?.accent],
    ['--beckon-background', config.colors?.background],
    ['--beckon-text', config.colors?.text],
    ['--beckon-radius', config.corner === undefined ? undefined : `${config.corner}px`],
  ];
  for (const [property, value] of theme) if (value) box.style.setProperty(property, value);

  let answered = false;
  const answer = (value: 'accept' | 'reject' | 'timeout') => {
    if (answered) return;
    answered = true;
    onAnswer(value);
  };
  render(<Invitation invite={invite} text={text} onAnswer={answer} />, box);
  attach();
  return {
    close: () => {
      render(null, box);
      remove();
    },
  };
}

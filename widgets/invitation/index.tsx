import { render } from 'preact';
import type { Config } from '../../src/protocol/config.ts';
import type { ShownInvite } from '../../src/protocol/notification.ts';
import { mountShadow } from '../shadow-host.ts';
import { applyColours } from '../theme.ts';
import { Invitation } from './invitation.tsx';
import { stringsFor } from './strings.ts';
import { CSS } from './styles.ts';

export interface ShowInvitationOptions {
  doc: Document;
  invite: ShownInvite;
  /** Its own look (`invitation`) and the site's (`theme`), whose colours it takes unless it has its own. */
  config: Pick<Config, 'invitation' | 'theme'>;
  onAnswer(answer: 'accept' | 'reject' | 'timeout'): void;
}

/** Mounts the overlay in a shadow root of its own; `close` removes every trace of it. */
export function showInvitation({ doc, invite, config: all, onAnswer }: ShowInvitationOptions) {
  const config = all.invitation ?? {};
  const { box, attach, remove } = mountShadow(doc, 'invitation', CSS);
  box.setAttribute('data-position', config.position ?? 'bottom-right');
  const language = config.language ?? (doc.documentElement.lang || 'en');
  const { text, dir } = stringsFor(language, config.strings);
  box.setAttribute('dir', doc.documentElement.dir === 'rtl' ? 'rtl' : dir);
  box.setAttribute('lang', language);
  applyColours(box, all.theme, config.colors);
  if (config.corner !== undefined) box.style.setProperty('--beckon-radius', `${config.corner}px`);

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

import type { ReadableAtom } from 'nanostores';
import type { Theme } from '../../src/protocol/config.ts';
import { mountPanel } from '../mount-panel.tsx';
import { ContactPanel, type ContactPanelProps } from './contact-panel.tsx';
import { CSS } from './styles.ts';

/** What changes: the conversation and what is being tried again, in the adapter's store. */
export type ContactState = Pick<ContactPanelProps, 'conversation' | 'retrying'>;
export type ContactActions = Omit<ContactPanelProps, keyof ContactState | 'brand'>;

export const mountContactPanel = (
  doc: Document,
  theme: Theme | undefined,
  $contact: ReadableAtom<ContactState>,
  actions: ContactActions,
) => mountPanel(doc, 'contact', CSS, ContactPanel, theme, $contact, actions);

import type { Theme } from '../../src/protocol/config.ts';
import { mountPanel } from '../mount-panel.tsx';
import { ContactPanel, type ContactPanelProps } from './contact-panel.tsx';
import { CSS } from './styles.ts';

export const mountContactPanel = (doc: Document, theme?: Theme) =>
  mountPanel<Omit<ContactPanelProps, 'brand'>>(doc, 'contact', CSS, ContactPanel, theme);

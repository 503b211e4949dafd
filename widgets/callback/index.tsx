import type { Theme } from '../../src/protocol/config.ts';
import { mountPanel } from '../mount-panel.tsx';
import { CallbackPanel, type CallbackPanelProps } from './callback-panel.tsx';
import { CSS } from './styles.ts';

export const mountCallbackPanel = (doc: Document, theme?: Theme) =>
  mountPanel<Omit<CallbackPanelProps, 'brand'>>(doc, 'callback', CSS, CallbackPanel, theme);

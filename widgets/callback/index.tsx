import type { ReadableAtom } from 'nanostores';
import type { Theme } from '../../src/protocol/config.ts';
import { mountPanel } from '../mount-panel.tsx';
import { CallbackPanel, type CallbackPanelProps } from './callback-panel.tsx';
import { CSS } from './styles.ts';

/** What the visitor's side of a callback reports to; the rest changes, in the adapter's store. */
export type CallbackActions = Pick<
  CallbackPanelProps,
  'onSubmit' | 'onCancel' | 'onConfirm' | 'onClose'
>;
export type CallbackState = Omit<CallbackPanelProps, keyof CallbackActions | 'brand'>;

export const mountCallbackPanel = (
  doc: Document,
  theme: Theme | undefined,
  $callback: ReadableAtom<CallbackState>,
  actions: CallbackActions,
) => mountPanel(doc, 'callback', CSS, CallbackPanel, theme, $callback, actions);

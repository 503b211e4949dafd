import { CSS as CHAT_CSS } from '../chat/styles.ts';

/** The contact panel looks like the chat panel. */
export const CSS = `${CHAT_CSS}
form.register textarea { resize: vertical; }
ol.log li button { margin-block-start: 4px; font-size: 13px; padding: 2px 8px; }
form.composer { flex-wrap: wrap; }
form.composer .field-error { flex-basis: 100%; }
`;

// Entry of the lazily loaded engage chunk (dist/chunks/engage.js): the core imports it on the first
// notification or `['invite', ...]`, so zod and the widgets cost the page nothing until then.
export { createEngagement } from './engagement.ts';

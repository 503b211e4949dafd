import type { MediaContext } from '../protocol/media.ts';

/**
 * `base` with the engagement's IDs in its query string (`visitID`, `pageID`, `engagementID`,
 * `scenario`, and `webengagement` when proactive): what a partner page needs to tie its
 * conversation to the visit.
 */
export function contextUrl(base: string, context: MediaContext): string {
  const url = new URL(base);
  url.searchParams.set('visitID', context.visitID);
  url.searchParams.set('pageID', context.pageID);
  if (context.engagementID) url.searchParams.set('engagementID', context.engagementID);
  if (context.scenario) url.searchParams.set('scenario', context.scenario);
  if ('webengagement' in context.attachedData) url.searchParams.set('webengagement', '');
  return url.href;
}

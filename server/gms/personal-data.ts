import type { Chat } from '../store/gms-store.ts';

/**
 * Attached data that says nothing of the person: where and when the visit is (GWE's reporting
 * keys, the visit's language and time zone) and what GMS clients add of the page.
 */
const CONTEXT =
  /^(visitID|pageID|globalVisitID|engagementID|webengagement|languageCode|timezoneOffset|GCTI_LanguageCode|_genesys_.*)$/;

/**
 * With BECKON_NO_PERSONAL_DATA: the attached data kept without what it says of the person (names,
 * emails, what the site's SignIn and UserInfo told), and the chat's visitor by first name only,
 * what the agent calls them (the callback's number stays: it is how the call is made).
 */
export const contextOnly = (userData: Record<string, string>) =>
  Object.fromEntries(Object.entries(userData).filter(([key]) => CONTEXT.test(key)));

export const firstNameOnly = (client: Chat['client']): Chat['client'] => ({
  nickname: (client.firstName ?? client.nickname).trim().split(/\s+/)[0] || 'Visitor',
  firstName: null,
  lastName: null,
  emailAddress: null,
  subject: null,
});

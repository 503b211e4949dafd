// GMS plain constants the browser adapter uses without shipping zod: the callback "scenario"
// presets (from Genesys' GMS sample apps; CHAT-* scenarios lead to a chat, `_action: StartChat`),
// and the transcript entries the visitor's chat shows.

export interface ScenarioFields {
  _call_direction: 'USERORIGINATED' | 'USERTERMINATED';
  _wait_for_agent: boolean;
  _wait_for_user_confirm: boolean;
  _media_type: 'voice' | 'chat';
  /** Needs `_desired_time`: the visitor picks a slot. */
  scheduled?: boolean;
}

export const SCENARIOS = {
  'VOICE-NOW-USERORIG': {
    _call_direction: 'USERORIGINATED',
    _wait_for_agent: false,
    _wait_for_user_confirm: false,
    _media_type: 'voice',
  },
  'VOICE-WAIT-USERORIG': {
    _call_direction: 'USERORIGINATED',
    _wait_for_agent: true,
    _wait_for_user_confirm: true,
    _media_type: 'voice',
  },
  'VOICE-NOW-USERTERM': {
    _call_direction: 'USERTERMINATED',
    _wait_for_agent: false,
    _wait_for_user_confirm: false,
    _media_type: 'voice',
  },
  'VOICE-WAIT-USERTERM': {
    _call_direction: 'USERTERMINATED',
    _wait_for_agent: true,
    _wait_for_user_confirm: true,
    _media_type: 'voice',
  },
  'VOICE-SCHEDULED-USERTERM': {
    _call_direction: 'USERTERMINATED',
    _wait_for_agent: true,
    _wait_for_user_confirm: true,
    _media_type: 'voice',
    scheduled: true,
  },
  'CHAT-NOW': {
    _call_direction: 'USERORIGINATED',
    _wait_for_agent: false,
    _wait_for_user_confirm: false,
    _media_type: 'chat',
  },
  'CHAT-WAIT': {
    _call_direction: 'USERORIGINATED',
    _wait_for_agent: true,
    _wait_for_user_confirm: true,
    _media_type: 'chat',
  },
} as const satisfies Record<string, ScenarioFields>;

export type ScenarioName = keyof typeof SCENARIOS;

/** A phone number as the callback service takes it, e.g. `+49 30 1234567`. */
export const PHONE_NUMBER = /^\+?[0-9][0-9 ()./-]{5,24}$/;

/** GMS transcript entries the visitor's chat shows or acts on; it skips any other GMS sends. */
export const GMS_MESSAGE_TYPES = [
  'ParticipantJoined',
  'ParticipantLeft',
  'Message',
  'TypingStarted',
  'TypingStopped',
  'PushUrl',
  'FileUploaded',
  'FileDeleted',
  'NicknameUpdated',
  'CustomNotice',
  'Notice',
] as const;

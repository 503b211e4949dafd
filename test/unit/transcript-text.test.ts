import { expect } from 'chai';
import type { GmsChatMessage } from '../../src/protocol/gms.ts';
import { transcriptText } from '../../widgets/chat/transcript-text.ts';
import { newChat } from '../../widgets/gms/chat-state.ts';

const grace = { nickname: 'Grace', participantId: 2, type: 'Agent' as const };
const ada = { nickname: 'Ada', participantId: 1, type: 'Client' as const };

describe('the transcript the visitor keeps', () => {
  it('has a line for each thing said, by whom and when, and leaves out what is not a message', () => {
    const at = Date.UTC(2026, 11, 2, 14, 5);
    const transcript: GmsChatMessage[] = [
      { from: grace, index: 1, type: 'ParticipantJoined', utcTime: at },
      { from: ada, index: 2, type: 'Message', text: 'Is it dimmable?', utcTime: at },
      { from: grace, index: 3, type: 'TypingStarted', utcTime: at },
      { from: grace, index: 4, type: 'PushUrl', text: 'https://shop.example/lamp', utcTime: at },
      {
        from: ada,
        index: 5,
        type: 'FileUploaded',
        userData: { 'file-id': 'f1', 'file-name': 'receipt.pdf', 'file-size': '100' },
        utcTime: at,
      },
      { from: grace, index: 6, type: 'Notice', text: 'Grace moved the chat', utcTime: 0 },
      { from: grace, index: 7, type: 'ParticipantLeft', utcTime: at },
    ];
    const text = transcriptText({ ...newChat(), transcript }, 'Chat with Lamps & Light');
    const lines = text.trimEnd().split('\n');
    expect(lines.slice(0, 2)).to.deep.equal(['Chat with Lamps & Light', '']);
    expect(lines.slice(2).map((line) => line.replace(/^\[[^\]]+\] /, ''))).to.deep.equal([
      'Grace: joined the chat',
      'You: Is it dimmable?',
      'Grace: shared a link: https://shop.example/lamp',
      'You: sent receipt.pdf',
      'Grace: Grace moved the chat',
      'Grace: left the chat',
    ]);
    // Each line has the time it was said, but one GMS sent without a time.
    expect(lines.slice(2).filter((line) => line.startsWith('['))).to.have.length(5);
  });
});

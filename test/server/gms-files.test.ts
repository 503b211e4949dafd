import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { limitsFromUserData, sharedFile } from '../../src/protocol/gms-files.ts';
import { GmsChatAnswer } from '../../src/protocol/gms-service.ts';
import { app, BACKENDS, closeDatabases } from './helpers.ts';

after(closeDatabases);

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const png = (size = 200) => Buffer.concat([PNG, randomBytes(size)]);
const html = Buffer.from('<script>alert(document.cookie)</script>');

for (const backend of BACKENDS) {
  describe(`files in a GMS chat (Chat API v2, ${backend.name})`, () => {
    let server: FastifyInstance;
    let origin: string;
    before(async () => {
      server = await app({ backend });
      origin = await server.listen({ port: 0, host: '127.0.0.1' });
    });
    after(() => server.close());

    const base = () => `${origin}/genesys/2/chat/customer-support`;
    type Chat = { chatId: string; alias: string; secureKey: string; userId: string };
    const keysOf = (chat: Chat) => ({
      alias: chat.alias,
      secureKey: chat.secureKey,
      userId: chat.userId,
    });
    const form = async (url: string, fields: Record<string, string>) =>
      GmsChatAnswer.parse(
        await (await fetch(url, { method: 'POST', body: new URLSearchParams(fields) })).json(),
      );
    const agent = (path: string, init: RequestInit = {}) =>
      fetch(`${origin}/server/agent/chats${path}`, init);
    const agentJson = (path: string, body: unknown) =>
      agent(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    /** A chat, taken by an agent unless asked otherwise. */
    async function openChat(accepted = true): Promise<Chat> {
      const chat = await form(base(), { nickname: 'Ada' });
      if (accepted) await agentJson(`/${chat.chatId}/accept`, { agent: 'Grace' });
      return chat;
    }
    const upload = async (chat: Chat, name: string, content: Buffer, description?: string) => {
      const body = new FormData();
      for (const [key, value] of Object.entries(keysOf(chat))) body.append(key, value);
      if (description) body.append('userData[file-description]', description);
      body.append('file', new Blob([new Uint8Array(content)]), name);
      const response = await fetch(`${base()}/${chat.chatId}/file`, { method: 'POST', body });
      return { status: response.status, body: GmsChatAnswer.parse(await response.json()) };
    };
    const files = async (chat: Chat) =>
      (
        await form(`${base()}/${chat.chatId}/refresh`, { ...keysOf(chat), transcriptPosition: '1' })
      ).messages?.filter((m) => m.type === 'FileUploaded' || m.type === 'FileDeleted') ?? [];
    const limits = async (chat: Chat) =>
      limitsFromUserData(
        (await form(`${base()}/${chat.chatId}/file/limits`, keysOf(chat))).messages?.[0]?.userData,
      );
    const download = (chat: Chat, fileId: string) =>
      fetch(`${base()}/${chat.chatId}/file/${fileId}/download`, {
        method: 'POST',
        body: new URLSearchParams(keysOf(chat)),
      });

    it('carries a file each way, as downloads the browser saves and never renders', async () => {
      const waiting = await openChat(false);
      const early = await upload(waiting, 'scan.png', png());
      assert.equal(early.body.statusCode, 2);
      assert.equal(early.body.field, 'file');
      assert.match(early.body.errors?.[0]?.advice ?? '', /agent has joined/);

      const chat = await openChat();
      const before = await limits(chat);
      assert.deepEqual(
        [before?.maxFiles, before?.fileTypes, before?.needAgent, before?.usedFiles],
        [3, ['png', 'pdf', 'txt'], true, 0],
      );
      const bytes = png(1000);
      const sent = await upload(chat, 'C:\\Users\\ada\\scan.png', bytes, 'my bill');
      assert.equal(sent.body.statusCode, 0);
      const fileId = sent.body.userData?.['file-id'] ?? '';
      const [entry] = await files(chat);
      assert.ok(entry);
      assert.equal(entry.from.type, 'Client');
      assert.deepEqual(sharedFile(entry), {
        id: fileId,
        name: 'scan.png',
        size: bytes.length,
        type: 'application/octet-stream',
        description: 'my bill',
      });

      const atAgent = await agent(`/${chat.chatId}/files/${fileId}`);
      assert.equal(atAgent.status, 200);
      assert.deepEqual(Buffer.from(await atAgent.arrayBuffer()), bytes);
      assert.equal(atAgent.headers.get('content-type'), 'application/octet-stream');
      assert.match(
        atAgent.headers.get('content-disposition') ?? '',
        /^attachment; filename="scan.png"/,
      );
      assert.equal(atAgent.headers.get('x-content-type-options'), 'nosniff');

      const reply = new FormData();
      reply.append('description', 'your new contract');
      const text = 'Straße 1, 10115 Berlin\n';
      reply.append('file', new Blob([text], { type: 'text/plain' }), 'Vertrag "neu" é.txt');
      const agentSent = await agent(`/${chat.chatId}/files`, { method: 'POST', body: reply });
      assert.equal(agentSent.status, 200);
      const fromAgent = sharedFile(await agentSent.json());
      assert.ok(fromAgent);
      const [, visitorSees] = await files(chat);
      assert.equal(visitorSees?.from.type, 'Agent');
      const got = await download(chat, fromAgent.id);
      assert.equal(await got.text(), text);
      assert.equal(
        got.headers.get('content-disposition'),
        `attachment; filename="Vertrag _neu_ _.txt"; filename*=UTF-8''${encodeURIComponent('Vertrag _neu_ é.txt')}`,
      );
      const after = await limits(chat);
      assert.deepEqual(
        [after?.usedFiles, after?.usedTotalSize, after?.usedDownloads],
        [1, bytes.length, 1],
      );
    });

    it('refuses a file that is not what its name says, or not taken, naming the field; keeps nothing', async () => {
      const chat = await openChat();
      // Generated: every taken type with bytes that are not that type's, and names it does not take.
      const refused: Array<[string, Buffer]> = [
        ['invoice.pdf', html],
        ['photo.png', Buffer.concat([html, PNG])],
        ['notes.txt', Buffer.concat([Buffer.from('a'), Buffer.from([0]), Buffer.from('b')])],
        ['notes.txt', Buffer.from([0xc3, 0x28])],
        ['page.html', html],
        ['setup.exe', randomBytes(100)],
        ['noextension', png()],
        ['empty.png', Buffer.alloc(0)],
        ['huge.png', png(64 * 1024)],
      ];
      for (let i = 0; i < 20; i++) refused.push([`random${i}.png`, randomBytes(1 + i * 37)]);
      for (const [name, content] of refused) {
        const { body } = await upload(chat, name, content);
        assert.equal(body.statusCode, 2, name);
        assert.equal(body.field, 'file', name);
        assert.equal(body.chatEnded, false, name);
      }
      assert.deepEqual(await files(chat), []);
      assert.equal((await limits(chat))?.usedFiles, 0);

      const stranger = await upload({ ...chat, secureKey: 'guess' }, 'a.png', png());
      assert.equal(stranger.body.field, 'secureKey');
      assert.deepEqual(await files(chat), []);
    });

    it('keeps the limits when uploads and downloads race', async () => {
      const chat = await openChat();
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => upload(chat, `page${i}.png`, png(100))),
      );
      const taken = answers.filter((a) => a.body.statusCode === 0);
      assert.equal(taken.length, 3);
      assert.equal((await files(chat)).length, 3);
      const fileId = taken[0]?.body.userData?.['file-id'] ?? '';
      const downloads = await Promise.all(Array.from({ length: 7 }, () => download(chat, fileId)));
      const served = downloads.filter(
        (d) => d.headers.get('content-type') === 'application/octet-stream',
      );
      assert.equal(served.length, 4);
      const refusal = await downloads.find((d) => !served.includes(d))?.json();
      assert.deepEqual([refusal.statusCode, refusal.field], [2, 'fileId']);
    });

    it("lets the visitor withdraw their own file, not the agent's", async () => {
      const chat = await openChat();
      const mine = (await upload(chat, 'wrong.pdf', Buffer.from('%PDF-1.7\n'))).body.userData?.[
        'file-id'
      ];
      const theirs = new FormData();
      theirs.append('file', new Blob(['hello']), 'hello.txt');
      const agentFile = sharedFile(
        await (await agent(`/${chat.chatId}/files`, { method: 'POST', body: theirs })).json(),
      );
      const del = (fileId: string) =>
        form(`${base()}/${chat.chatId}/file/${fileId}/delete`, keysOf(chat));
      assert.equal((await del(agentFile?.id ?? '')).statusCode, 2);
      assert.equal((await del(mine ?? '')).statusCode, 0);
      assert.deepEqual(
        (await files(chat)).map((m) => [m.type, m.from.type]),
        [
          ['FileUploaded', 'Client'],
          ['FileUploaded', 'Agent'],
          ['FileDeleted', 'Client'],
        ],
      );
      assert.equal((await (await download(chat, mine ?? '')).json()).field, 'fileId');
      assert.equal((await agent(`/${chat.chatId}/files/${mine}`)).status, 404);
    });
  });
}

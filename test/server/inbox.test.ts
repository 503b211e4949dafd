import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { createDuplicateWindow } from '../../server/inbox/duplicate-window.ts';
import {
  challengeFor,
  MAX_SKEW_MS,
  signatureFor,
  verifyWebhook,
} from '../../server/inbox/signature.ts';
import { closeDatabases, database } from './helpers.ts';

after(closeDatabases);

// Computed with openssl, independently of this code:
//   challenge = sha256("<timestamp>;<secret>"), signature = HMAC-SHA256(body, key = challenge), both hex.
const VECTOR = {
  secret: 's3cret-webhook-secret-of-32-chars!!',
  timestamp: '1732262400000',
  body: readFileSync(new URL('./fixtures/socialhub-webhook.json', import.meta.url), 'utf8'),
  challenge: 'e3eb4a53583d889552bd4c8d0d9e1740d0a58d0e5879a889320a4bc437b2d2ed',
  signature: '906154d38a1fbf48fc60767d2c7f4fdb3731d0dda774a7999ebd5cff20037bdc',
};
const at = Number(VECTOR.timestamp);

describe('SocialHub webhook signatures', () => {
  it('match the known vector', () => {
    assert.equal(challengeFor(VECTOR.timestamp, VECTOR.secret), VECTOR.challenge);
    assert.equal(signatureFor(VECTOR.body, VECTOR.challenge), VECTOR.signature);
    assert.deepEqual(
      verifyWebhook(
        { timestamp: VECTOR.timestamp, signature: VECTOR.signature },
        VECTOR.body,
        VECTOR.secret,
        at,
      ),
      {
        ok: true,
        challenge: VECTOR.challenge,
      },
    );
  });

  it('refuse a tampered body, a wrong secret, missing headers and stale timestamps', () => {
    const headers = { timestamp: VECTOR.timestamp, signature: VECTOR.signature };
    const tampered = VECTOR.body.replace('Hello from the inbox', 'Hello from elsewhere');
    assert.deepEqual(verifyWebhook(headers, tampered, VECTOR.secret, at), {
      ok: false,
      reason: 'bad-signature',
    });
    assert.deepEqual(verifyWebhook(headers, `${VECTOR.body} `, VECTOR.secret, at), {
      ok: false,
      reason: 'bad-signature',
    });
    assert.deepEqual(verifyWebhook(headers, VECTOR.body, 'another-secret-of-enough-length!!', at), {
      ok: false,
      reason: 'bad-signature',
    });
    assert.deepEqual(
      verifyWebhook({ ...headers, signature: 'zz' }, VECTOR.body, VECTOR.secret, at),
      { ok: false, reason: 'bad-signature' },
    );
    assert.deepEqual(
      verifyWebhook({ ...headers, signature: undefined }, VECTOR.body, VECTOR.secret, at),
      { ok: false, reason: 'missing-headers' },
    );
    assert.deepEqual(verifyWebhook(headers, VECTOR.body, VECTOR.secret, at + MAX_SKEW_MS + 1), {
      ok: false,
      reason: 'stale-timestamp',
    });
    assert.deepEqual(verifyWebhook(headers, VECTOR.body, VECTOR.secret, at - MAX_SKEW_MS - 1), {
      ok: false,
      reason: 'stale-timestamp',
    });
    assert.equal(verifyWebhook(headers, VECTOR.body, VECTOR.secret, at + MAX_SKEW_MS).ok, true);
  });
});

describe('the duplicate window', () => {
  it('holds back the same text from the same visitor within the window, each repeat restarting it', async () => {
    const window = createDuplicateWindow(await database(), 90_000);
    const forward = (visitor: string, text: string, at: number) =>
      window.shouldForward(visitor, text, at);
    assert.equal(await forward('v1', 'Hello', 1_000), true);
    assert.equal(await forward('v1', ' Hello ', 61_000), false);
    assert.equal(
      await forward('v1', 'Hello', 121_000),
      false,
      'the repeat at 60 s restarted the window',
    );
    assert.equal(await forward('v1', 'Hello', 211_000), true);
    assert.equal(await forward('v2', 'Hello', 211_001), true, 'another visitor');
    assert.equal(await forward('v1', 'Hello again', 211_002), true, 'another text');
  });

  it('forwards everything with a window of 0', async () => {
    const window = createDuplicateWindow(await database(), 0);
    assert.equal(await window.shouldForward('w1', 'Hello', 0), true);
    assert.equal(await window.shouldForward('w1', 'Hello', 1), true);
  });
});

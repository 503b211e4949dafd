// The demo's agent console: the agent API (/server/agent/…) and the visit store, read again whenever
// the agent event stream says something changed (every second while it is down). Everything from
// the server is shown as text (textContent), never as HTML.
const $ = (id) => document.getElementById(id);
const state = {
  chatId: null,
  next: 1,
  visitID: null,
  journeyFor: null,
  chat: null,
  callback: null,
};

// With BECKON_AGENT_TOKEN set, open the console as /agent/#token=<token>: the fragment never
// reaches a server or a log, and the token stays in this tab only.
const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromFragment) {
  sessionStorage.setItem('beckon.agentToken', fromFragment);
  history.replaceState(null, '', location.pathname);
}
const token = sessionStorage.getItem('beckon.agentToken');
const authorization = token ? { authorization: `Bearer ${token}` } : {};

const api = async (path, body, method = body === undefined ? 'GET' : 'POST') => {
  const response = await fetch(path, {
    method,
    headers: { ...authorization, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
};
const item = (text, className) => {
  const li = document.createElement('li');
  li.textContent = text;
  if (className) li.className = className;
  return li;
};

// Availability feeds the engagement policy: no agent, no offer.
const showAvailability = (available) => {
  $('availability').textContent = available > 0 ? 'Available' : 'Unavailable';
  $('availability').setAttribute('aria-pressed', String(available > 0));
};
$('availability').addEventListener('click', async () => {
  const available = $('availability').getAttribute('aria-pressed') === 'true' ? 0 : 1;
  showAvailability((await api('/server/data/agents/availability', { available }, 'PUT')).available);
});
api('/server/data/agents/availability').then(({ available }) => showAvailability(available));

// A new chat waiting is told three ways: the count in the tab's title and beside "Chats", and a
// short chime, which the agent can turn off (remembered in this browser).
const baseTitle = document.title;
const heardWaiting = new Set();
let firstQueue = true;
const soundOn = () => $('sound').getAttribute('aria-pressed') === 'true';
$('sound').setAttribute(
  'aria-pressed',
  String(localStorage.getItem('beckon.agentSound') !== 'off'),
);
$('sound').addEventListener('click', () => {
  const on = !soundOn();
  $('sound').setAttribute('aria-pressed', String(on));
  localStorage.setItem('beckon.agentSound', on ? 'on' : 'off');
});
let audio = null;
function chime() {
  if (!soundOn() || typeof AudioContext !== 'function') return;
  audio ??= new AudioContext();
  const tone = audio.createOscillator();
  const gain = audio.createGain();
  tone.frequency.value = 880;
  gain.gain.setValueAtTime(0.15, audio.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
  tone.connect(gain).connect(audio.destination);
  tone.start();
  tone.stop(audio.currentTime + 0.4);
}
function signalWaiting(chats) {
  const waiting = chats.filter((chat) => chat.state === 'waiting');
  $('waiting').textContent = waiting.length ? `${waiting.length} waiting` : '';
  document.title = waiting.length ? `(${waiting.length}) ${baseTitle}` : baseTitle;
  const fresh = waiting.filter((chat) => !heardWaiting.has(chat.chatId));
  for (const chat of fresh) heardWaiting.add(chat.chatId);
  // Chats already waiting when the console opened are on screen; only new ones chime.
  if (fresh.length && !firstQueue) chime();
  firstQueue = false;
}

function renderQueue({ chats, callbacks }) {
  signalWaiting(chats);
  $('chats').replaceChildren(
    ...chats.map((chat) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = `${chat.client.nickname} (${chat.state === 'waiting' ? 'waiting' : `with ${chat.agentName}`})`;
      button.addEventListener('click', () => select(chat.chatId));
      li.append(button);
      return li;
    }),
  );
  // The callback on screen follows the queue: the visitor may confirm, or let the ask lapse.
  const shown = callbacks.find((c) => c.callbackId === state.callback?.callbackId);
  if (shown) showCallbackState(shown.state, shown.reason, shown.confirmBy);
  $('callbacks').replaceChildren(
    ...callbacks.map((callback) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent =
        `${callback.customerNumber}: ${callback.confirmBy ? 'asking the visitor' : callback.state}${callback.desiredTime ? ` at ${new Date(callback.desiredTime).toLocaleString()}` : ''}` +
        (callback.userData.visitID ? ` (visit ${callback.userData.visitID.slice(0, 8)}…)` : '');
      button.addEventListener('click', () => showCallback(callback));
      li.append(button);
      return li;
    }),
  );
}

function select(chatId) {
  if (state.chatId === chatId) return;
  Object.assign(state, { chatId, next: 1, visitID: null, journeyFor: null, callback: null });
  $('transcript').replaceChildren();
  $('chat').hidden = false;
  $('callback').hidden = true;
  $('context').hidden = false;
  readNow();
}

// A callback has no chat: its state and actions, its attached data and the visitor's journey.
function showCallback(callback) {
  Object.assign(state, { chatId: null, next: 1, journeyFor: null, callback });
  $('chat').hidden = true;
  $('callback').hidden = false;
  $('context').hidden = false;
  showCallbackState(callback.state, callback.reason, callback.confirmBy);
  renderRows([['Phone', callback.customerNumber], ...Object.entries(callback.userData)]);
  renderJourney({ userData: callback.userData });
}

// `confirmBy`: the visitor is asked whether they can take the call now, until then.
function showCallbackState(callbackState, reason, confirmBy) {
  $('callback-state').textContent = confirmBy
    ? `Asking the visitor to confirm, until ${new Date(confirmBy).toLocaleTimeString()}`
    : callbackState === 'ROUTING'
      ? 'Calling…'
      : callbackState === 'COMPLETED'
        ? `Completed (${reason ?? 'done'})`
        : `Waiting (${callbackState})`;
  $('dial').disabled =
    Boolean(confirmBy) || (callbackState !== 'QUEUED' && callbackState !== 'SCHEDULED');
  $('connected').disabled = callbackState === 'COMPLETED';
  $('call-failed').disabled = callbackState === 'COMPLETED';
}

const workCallback = (action, body) => async () => {
  const id = state.callback?.callbackId;
  if (!id) return;
  const answer = await api(`/server/agent/callbacks/${id}/${action}`, body ?? {}).catch((error) => {
    $('callback-state').textContent = String(error.message);
    return null;
  });
  if (answer) showCallbackState(answer.state, answer.reason, answer.confirmBy);
};
$('dial').addEventListener('click', workCallback('dial'));
$('connected').addEventListener('click', workCallback('complete', { reason: 'AGENT_CONNECTED' }));
$('call-failed').addEventListener(
  'click',
  workCallback('complete', { reason: 'FAIL_CALL_TO_CUSTOMER' }),
);

function renderAttached(chat) {
  renderRows([
    ['Name', chat.client.nickname],
    ['Email', chat.client.emailAddress ?? '—'],
    ['Subject', chat.client.subject ?? '—'],
    ...Object.entries(chat.userData),
  ]);
}

function renderRows(entries) {
  const rows = entries.map(([key, value]) => [
    key,
    key === 'webengagement' ? '(present: proactive)' : value,
  ]);
  $('attached').replaceChildren(
    ...rows.flatMap(([key, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = key;
      const dd = document.createElement('dd');
      dd.textContent = value;
      dd.dataset.key = key;
      return [dt, dd];
    }),
  );
}

// The visitor's pages from the visit store; the page where they accepted is marked.
async function renderJourney(chat) {
  const { visitID, pageID } = chat.userData;
  if (!visitID) return;
  const visit = await api(`/server/data/visits/${visitID}`).catch(() => null);
  if (!visit) return;
  $('journey').replaceChildren(
    ...visit.pages.map((page) => {
      const { pathname, search } = new URL(page.url);
      const li = item(
        `${page.title} (${pathname}${search})`,
        page.pageID === pageID ? 'accepted' : '',
      );
      if (page.pageID === pageID) {
        li.setAttribute('aria-current', 'page');
        const badge = document.createElement('span');
        badge.className = 'badge';
        badge.textContent = 'invitation accepted here';
        li.append(badge);
      }
      return li;
    }),
  );
}

function renderMessages(messages) {
  for (const message of messages) {
    const who =
      message.from.type === 'Client' ? message.from.nickname : `${message.from.nickname} (you)`;
    if (message.type === 'TypingStarted' || message.type === 'TypingStopped') {
      if (message.from.type === 'Client')
        $('visitor-typing').textContent =
          message.type === 'TypingStarted' ? `${message.from.nickname} is typing…` : '';
      continue;
    }
    if (message.from.type === 'Client' && message.type === 'Message')
      $('visitor-typing').textContent = '';
    if (message.type === 'FileUploaded' || message.type === 'FileDeleted') {
      $('transcript').append(fileItem(message, who));
      continue;
    }
    const text =
      message.type === 'Message'
        ? `${who}: ${message.text}`
        : message.type === 'PushUrl'
          ? `${who} pushed ${message.text}`
          : message.type === 'CustomNotice'
            ? `${who} (notice): ${message.text}`
            : message.type === 'NicknameUpdated'
              ? `The visitor is now called ${message.text}`
              : `${message.from.nickname} ${message.type === 'ParticipantJoined' ? 'joined' : 'left'}`;
    $('transcript').append(item(text, message.from.type === 'Agent' ? 'agent' : ''));
  }
}

// A file in the transcript: a button that downloads it with the agent's token (a plain link
// could not carry it), or the line saying its sender withdrew it.
function fileItem(message, who) {
  const file = message.userData ?? {};
  const className = message.from.type === 'Agent' ? 'agent' : '';
  if (message.type === 'FileDeleted')
    return item(`${who} withdrew file ${file['file-id']}`, className);
  const li = item(`${who} sent `, className);
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = `${file['file-name']} (${file['file-size']} bytes)`;
  button.addEventListener('click', async () => {
    const response = await fetch(`/server/agent/chats/${state.chatId}/files/${file['file-id']}`, {
      headers: authorization,
    });
    if (!response.ok) return console.error(`the file could not be had: ${response.status}`);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await response.blob());
    link.download = file['file-name'];
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 0);
  });
  li.append(button);
  if (file['file-description']) li.append(` (${file['file-description']})`);
  return li;
}

async function refresh() {
  try {
    renderQueue(await api('/server/agent/queue'));
    if (state.chatId) {
      const { chat, messages } = await api(
        `/server/agent/chats/${state.chatId}?from=${state.next}`,
      );
      state.chat = chat;
      renderMessages(messages);
      if (messages.length) state.next = messages.at(-1).index + 1;
      $('chat-state').textContent =
        chat.state === 'waiting'
          ? 'Waiting for an agent'
          : chat.state === 'connected'
            ? `With ${chat.agentName}`
            : 'Ended';
      $('accept').disabled = chat.state !== 'waiting';
      $('end').disabled = chat.state === 'ended';
      // An ended chat takes nothing more: its tools are off, not silently dropping what is sent.
      $('tools').disabled = chat.state === 'ended';
      if (chat.state === 'ended')
        $('chat-state').textContent = 'Ended: the visitor has left the chat or it was closed.';
      renderAttached(chat);
      if (state.journeyFor !== state.next) {
        state.journeyFor = state.next;
        await renderJourney(chat);
      }
    }
  } finally {
    refreshed();
  }
}

// What changed comes pushed (GET /server/agent/events, read with fetch so the token goes in a
// header); the console reads again at once. While that stream is down, it polls every second.
let streamUp = false;
let reading = false;
let readAgain = false;
let pollTimer = null;
function readNow() {
  if (reading) {
    readAgain = true;
    return;
  }
  reading = true;
  clearTimeout(pollTimer);
  refresh();
}
function refreshed() {
  reading = false;
  if (readAgain) {
    readAgain = false;
    return readNow();
  }
  if (!streamUp) pollTimer = setTimeout(readNow, 1000);
}
async function listen() {
  try {
    const response = await fetch('/server/agent/events', { headers: authorization });
    if (!response.ok || !response.body) throw new Error(`agent events: ${response.status}`);
    streamUp = true;
    readNow();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop() ?? '';
      if (blocks.some((block) => block.startsWith('event: change'))) readNow();
    }
  } catch (error) {
    console.warn('the agent event stream is down; polling meanwhile', error);
  }
  streamUp = false;
  readNow();
  setTimeout(listen, 2000);
}
readNow();
listen();

/** Does `path` to the chat on screen; true when the server took it. */
const act = async (path, body) => {
  if (!state.chatId) return false;
  try {
    await api(`/server/agent/chats/${state.chatId}/${path}`, body);
    return true;
  } catch (error) {
    console.error(error);
    return false;
  }
};
// The agent's profile: their name and picture, kept in this browser; what a chat they take shows.
const PROFILE_KEY = 'beckon.agentProfile';
try {
  const saved = JSON.parse(localStorage.getItem(PROFILE_KEY) ?? '{}');
  if (typeof saved.name === 'string') $('agent-name').value = saved.name;
  if (typeof saved.avatar === 'string') $('agent-avatar').value = saved.avatar;
} catch {
  // No profile kept yet: the page's defaults stand.
}
/** The picture's full address, or null when the field holds no http(s) address or path. */
const avatarUrl = () => {
  const given = $('agent-avatar').value.trim();
  if (!given) return null;
  try {
    const url = new URL(given, location.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
};
const showProfile = () => {
  const avatar = avatarUrl();
  $('agent-picture').hidden = avatar === null;
  if (avatar) $('agent-picture').src = avatar;
  localStorage.setItem(
    PROFILE_KEY,
    JSON.stringify({ name: $('agent-name').value, avatar: $('agent-avatar').value }),
  );
};
$('agent-name').addEventListener('change', showProfile);
$('agent-avatar').addEventListener('change', showProfile);
showProfile();
$('accept').addEventListener('click', () => {
  const avatar = avatarUrl();
  act('accept', { agent: $('agent-name').value.trim() || 'Agent', ...(avatar ? { avatar } : {}) });
});
$('end').addEventListener('click', () => act('end', {}));
let typingTimer = null;
$('reply-text').addEventListener('input', () => {
  if (typingTimer === null) act('typing', { typing: true });
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => {
    typingTimer = null;
    act('typing', { typing: false });
  }, 3000);
});
// The reply leaves the box only once the server has it; else it stays, with why.
const sendReply = async () => {
  const text = $('reply-text').value.trim();
  if (!text) return;
  clearTimeout(typingTimer);
  typingTimer = null;
  const sent = await act('send', { text });
  $('reply-error').textContent = sent
    ? ''
    : 'Not sent: the chat did not take it. Your reply is kept.';
  if (sent && $('reply-text').value.trim() === text) $('reply-text').value = '';
};
$('reply').addEventListener('submit', (event) => {
  event.preventDefault();
  sendReply();
});
$('reply-text').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    sendReply();
  }
});
$('push').addEventListener('submit', (event) => {
  event.preventDefault();
  const url = $('push-url').value.trim();
  if (url) act('push-url', { url });
  $('push-url').value = '';
});
$('send-file').addEventListener('submit', async (event) => {
  event.preventDefault();
  const [file] = $('file-to-send').files;
  if (!file || !state.chatId) return;
  const body = new FormData();
  body.append('file', file, file.name);
  const response = await fetch(`/server/agent/chats/${state.chatId}/files`, {
    method: 'POST',
    headers: authorization,
    body,
  });
  $('file-error').textContent = response.ok ? '' : (await response.json()).message;
  $('file-to-send').value = '';
});

// The mock inbox: a person reads the channel's tickets, grouped by thread, and replies. Polls once
// a second; every text is set with textContent, never as markup.

const threads = document.getElementById('threads');
const empty = document.getElementById('empty');
const channel = document.getElementById('channel');
/** rootId → its section, built once so a half-written reply survives the next poll. */
const sections = new Map();

const el = (tag, props = {}, children = []) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

function replyState(ticket, reply) {
  if (ticket.confirmedReplies.includes(reply.followupId)) return 'delivered to the visitor';
  const reset = ticket.resets.find((r) => r.followupId === reply.followupId);
  return reset ? `not delivered: ${reset.reason ?? 'failed'}` : 'sent, waiting for the channel';
}

function section(rootId, first) {
  const list = el('ol');
  const box = el('textarea', { name: 'text', rows: 2, required: true });
  const status = el('p', { className: 'meta', role: 'status' });
  const form = el('form', {}, [box, el('button', { type: 'submit', textContent: 'Send reply' })]);
  box.setAttribute('aria-label', `Reply to ${first.interaction.interactor.name}`);
  const part = el('section', {}, [
    el('h2', { textContent: first.interaction.interactor.name }),
    el('p', { className: 'meta', textContent: `Thread ${rootId}` }),
    list,
    form,
    status,
  ]);
  part.setAttribute('aria-label', `Thread with ${first.interaction.interactor.name}`);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = box.value.trim();
    if (!text) return;
    const answer = await fetch(`/ui/api/tickets/${part.dataset.latest}/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
    }).catch(() => null);
    const result = answer ? await answer.json() : { message: 'the mock is not answering' };
    if (answer?.ok && result.challengeOk) {
      box.value = '';
      status.textContent = 'Reply sent.';
      status.className = 'meta';
    } else {
      status.textContent = `Reply not sent: ${result.message ?? `webhook answered ${result.status}`}`;
      status.className = 'meta error';
    }
    void refresh();
  });
  sections.set(rootId, { part, list });
  threads.append(part);
  return sections.get(rootId);
}

function render({ channel: info, webhook, canAddChannel, tickets }) {
  document.getElementById('add-channel').hidden = !canAddChannel;
  channel.textContent = `Channel ${info._id}${webhook ? '' : ' · no webhook set: replies cannot go out'}`;
  empty.hidden = tickets.length > 0;
  const byThread = new Map();
  for (const ticket of tickets) {
    const rootId = ticket.interaction.root?.rootId ?? ticket._id;
    byThread.set(rootId, [...(byThread.get(rootId) ?? []), ticket]);
  }
  for (const [rootId, list] of byThread) {
    const { part, list: items } = sections.get(rootId) ?? section(rootId, list[0]);
    part.dataset.latest = list[list.length - 1]._id;
    items.replaceChildren(
      ...list.flatMap((ticket) => [
        el('li', {}, [
          el('span', {
            className: 'state',
            textContent: `${new Date(ticket.createdTime).toLocaleTimeString()} · ${ticket.interaction.url ?? ''}`,
          }),
          ticket.interaction.message ?? '',
        ]),
        ...ticket.replies.map((reply) =>
          el('li', { className: 'reply' }, [
            el('span', { className: 'state', textContent: `You · ${replyState(ticket, reply)}` }),
            reply.text,
          ]),
        ),
      ]),
    );
  }
}

async function refresh() {
  const answer = await fetch('/ui/api/tickets').catch(() => null);
  if (answer?.ok) render(await answer.json());
}

void refresh();
setInterval(refresh, 1000);

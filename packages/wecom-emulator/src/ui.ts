import { Router } from 'express';
import type { EmulatorSummary, WeComEmulator } from './emulator';

/** Only the most recent cards and chats are shown, so the page stays small. */
const SHOWN = 50;

/**
 * `GET /`: a plain page for a person running `yarn start` — members, cards
 * with their buttons (a click goes through the control API and the real
 * encrypted callback), chats and call counts. No build step, no framework.
 */
export function uiRoutes(emulator: WeComEmulator): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res
      .type('html')
      .send(renderPage(emulator.summary({ limit: SHOWN }), emulator));
  });
  return router;
}

function renderPage(summary: EmulatorSummary, emulator: WeComEmulator): string {
  const cards = [...summary.cards].reverse();
  const chats = [...summary.chats].reverse();
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>WeCom emulator</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;margin-bottom:1rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
.card{border:1px solid #bbb;border-radius:6px;padding:.5rem .75rem;margin:.5rem 0}
.muted{color:#777}button{margin:.1rem}#result{white-space:pre-wrap;background:#f4f4f4;padding:.5rem}
.message{white-space:pre-wrap;margin:.2rem 0 .5rem}
</style></head><body>
<h1>WeCom emulator</h1>
<p class="muted">Clock: ${esc(summary.now)} ·
<button onclick="call('/_emulator/clock/advance',{seconds:3600})">+1 h</button>
<button onclick="call('/_emulator/clock/advance',{seconds:259200})">+72 h</button>
<button onclick="call('/_emulator/reset',{})">Reset</button></p>
<pre id="result" hidden></pre>
${summary.corps.map(corp => renderCorp(corp)).join('\n')}
${renderBot(summary, emulator)}
<h2>Cards <span class="muted">(${summary.cardsTotal}, newest first)</span></h2>
${
  cards.map(card => renderCard(card)).join('\n') ||
  '<p class="muted">No cards sent yet.</p>'
}
<h2>Chats <span class="muted">(${summary.chatsTotal})</span></h2>
${
  chats.map(chat => renderChat(chat, emulator)).join('\n') ||
  '<p class="muted">No chats yet.</p>'
}
<h2>API calls <span class="muted">(${summary.calls.total})</span></h2>
<table><tr><th>API</th><th>Calls</th><th>Errors</th></tr>
${Object.entries(summary.calls.byApi)
  .map(
    ([api, c]) =>
      `<tr><td>${esc(api)}</td><td>${c.calls}</td><td>${c.errors}</td></tr>`,
  )
  .join('')}</table>
<script>
async function call(path, body) {
  const res = await fetch(path, {method:'POST', headers:{'content-type':'application/json'}, body: JSON.stringify(body)});
  const out = document.getElementById('result');
  out.hidden = false;
  out.textContent = res.status + ' ' + JSON.stringify(await res.json(), null, 2);
  if (res.ok) setTimeout(() => location.reload(), 1200);
}
async function post(path, body) {
  const res = await fetch(path, {method:'POST', headers:{'content-type':'application/json'}, body: JSON.stringify(body)});
  return { status: res.status, body: await res.json() };
}
async function ask(event) {
  event.preventDefault();
  const form = event.target;
  const where = JSON.parse(form.dataset.where);
  const out = document.getElementById('result');
  out.hidden = false;
  let reply = await post('/_emulator/bot/message', { ...where, from: form.from.value, text: form.text.value });
  out.textContent = 'Asked the bot: ' + reply.status;
  // WeCom's client refreshes an open stream until the bot finishes it.
  for (let i = 0; i < 360 && reply.status === 200 && reply.body.streamId; i++) {
    await new Promise(r => setTimeout(r, 1000));
    reply = await post('/_emulator/bot/stream/refresh', { streamId: reply.body.streamId });
    out.textContent = 'Streaming… ' + ((reply.body.reply || {}).stream || {}).content;
  }
  location.reload();
}
</script>
</body></html>`;
}

function renderCorp(corp: EmulatorSummary['corps'][number]): string {
  const rows = corp.users
    .map(
      user => `<tr><td>${esc(user.userid)}</td><td>${esc(user.name)}</td>
<td>${esc(user.mobile ?? '')}</td><td>${esc(user.bizMail ?? '')}</td><td>${esc(
        user.email ?? '',
      )}</td>
<td>${user.messages}</td><td>${user.cards}</td>
<td>${
        user.userid === corp.currentUser
          ? '<b>signed in</b>'
          : `<button onclick='call("/_emulator/oauth/current-user",${attrJson({
              corpId: corp.corpId,
              userid: user.userid,
            })})'>Sign in as</button>`
      }</td></tr>`,
    )
    .join('\n');
  const apps = corp.apps
    .map(
      app => `${esc(app.name ?? '')} (${app.agentId}) → ${esc(
        app.callbackUrl ?? 'no callback',
      )}
<button onclick='call("/_emulator/callbacks/verify",${attrJson({
        corpId: corp.corpId,
        agentId: app.agentId,
      })})'>Verify callback URL</button>`,
    )
    .join('<br>');
  return `<h2>${esc(corp.name)} <span class="muted">${esc(
    corp.corpId,
  )}</span></h2>
<p>Apps: ${apps}</p>
<table><tr><th>userid</th><th>Name</th><th>Mobile</th><th>Corp mail</th><th>Email</th><th>Messages</th><th>Cards</th><th>WeCom client</th></tr>
${rows}</table>`;
}

function renderCard(card: EmulatorSummary['cards'][number]): string {
  const recipients = card.recipients
    .map(view => {
      const buttons =
        view.replaceName !== undefined
          ? `<i>${esc(view.replaceName)}</i>`
          : view.keys
              .map(
                key =>
                  `<button onclick='call("/_emulator/cards/click",${attrJson({
                    corpId: card.corpId,
                    agentId: card.agentId,
                    userid: view.userid,
                    taskId: card.taskId,
                    eventKey: key,
                  })})'>${esc(key)}</button>`,
              )
              .join('');
      return `<tr><td>${esc(view.userid)}</td><td>v${
        view.version
      }</td><td>${buttons}</td></tr>`;
    })
    .join('');
  return `<div class="card"><b>${esc(card.title ?? card.taskId)}</b>
<span class="muted">${esc(card.cardType)} · task ${esc(card.taskId)} · ${esc(
    card.sentAt,
  )}</span>
<table>${recipients}</table></div>`;
}

function renderChat(
  chat: EmulatorSummary['chats'][number],
  emulator: WeComEmulator,
): string {
  const messages = (emulator.chat(chat.chatid, chat.corpId)?.messages ?? [])
    .slice(-5)
    .map(
      m =>
        `<li><span class="muted">${esc(m.sentAt)} ${esc(
          m.msgtype,
        )}</span><div class="message">${esc(
          messageText(m.content),
        )}</div></li>`,
    )
    .join('');
  return `<div class="card"><b>${esc(chat.name || chat.chatid)}</b>
<span class="muted">${esc(chat.chatid)} · owner ${esc(chat.owner)} · ${
    chat.userlist.length
  } members · ${chat.messages} messages</span>
<div class="muted">Members: ${esc(chat.userlist.join(', '))}</div>
<ul>${messages}</ul>
${renderAskForm(chat.userlist, { chatid: chat.chatid })}</div>`;
}

/**
 * A member writing to the smart bot: in a chat (as an @mention) or in a
 * single chat. The page then refreshes the stream each second, as WeCom's
 * client does, until the answer says it is finished.
 */
function renderAskForm(members: string[], where: { chatid?: string }): string {
  if (members.length === 0) return '';
  const options = members
    .map(m => `<option value="${esc(m)}">${esc(m)}</option>`)
    .join('');
  return `<form class="ask" data-where='${attrJson(
    where,
  )}' onsubmit="ask(event)">
<select name="from" aria-label="From">${options}</select>
<input name="text" size="50" aria-label="Message to the bot" placeholder="${
    where.chatid ? '@bot what is happening?' : 'help'
  }">
<button type="submit">Ask the bot</button></form>`;
}

function renderBot(summary: EmulatorSummary, emulator: WeComEmulator): string {
  const bots = summary.corps.filter(corp => corp.bot);
  if (bots.length === 0) return '';
  const streams = [...emulator.state.bot.streams.values()]
    .slice(-10)
    .reverse()
    .map(
      stream =>
        `<li><span class="muted">${esc(
          String((stream.origin.from as { userid?: string })?.userid ?? ''),
        )} · ${esc(streamQuestion(stream.origin))} · stream ${esc(
          stream.id,
        )} · ${
          stream.finished ? 'finished' : 'streaming'
        }</span><div class="message bot-answer">${esc(
          stream.content.slice(0, 4000),
        )}</div></li>`,
    )
    .join('');
  return `<h2>Smart bot</h2>
${bots
  .map(
    corp => `<p>${esc(corp.bot!.botId)} → ${esc(
      corp.bot!.callbackUrl ?? 'no callback URL',
    )}</p>
<p class="muted">Single chat with the bot:</p>
${renderAskForm(
  corp.users.map(u => u.userid),
  {},
)}`,
  )
  .join('\n')}
<h3>Answers <span class="muted">(newest first)</span></h3>
<ul id="bot-answers">${
    streams || '<li class="muted">No answers yet.</li>'
  }</ul>`;
}

/** What the member asked in the message that opened a stream. */
function streamQuestion(origin: Record<string, unknown>): string {
  const text = (origin.text as { content?: unknown } | undefined)?.content;
  if (typeof text === 'string') return text.slice(0, 200);
  return String(origin.msgtype ?? '');
}

/** Text and markdown messages read as text; anything else as short JSON. */
function messageText(content: unknown): string {
  const text = (content as { content?: unknown } | null)?.content;
  return typeof text === 'string'
    ? text.slice(0, 1200)
    : JSON.stringify(content).slice(0, 300);
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

/** JSON safe inside a single-quoted HTML attribute. */
function attrJson(value: unknown): string {
  return esc(JSON.stringify(value));
}

'use strict';
// The emulator's chat page: people write to the robot through /_emulator/inbound and the page polls
// /_emulator/conversations/{id}/messages for what was said (faster while a card streams, so its text grows live).
// A streaming card has a Stop button, which presses the card's "stop" action through /_emulator/cards/{id}/actions.
// The Attach button attaches a picture or a file, sent with its bytes (base64) so the robot downloads what was really chosen.
// Plain browser JavaScript, no build step.

(function () {
  const USERS = [
    { staffId: 'manager001', nick: 'Li Lei' },
    { staffId: 'user002', nick: 'Han Meimei' },
    { staffId: 'user003', nick: 'Outsider' },
  ];
  const GROUP = { id: 'cidTeamGroup', title: 'Team group' };
  const POLL_MS = 500;
  const STREAMING_POLL_MS = 150;
  const STOP_ACTION = 'stop';
  // The emulator's limit (InboundRequest.MaxFileBytes): what fits, as base64, in its 1 MiB request bodies.
  const MAX_FILE_BYTES = 512 * 1024;

  const $ = (id) => document.getElementById(id);
  const state = { user: USERS[0], kind: 'dm', rendered: '', sentBy: new Map(), scrollNext: true, streaming: false, stopping: new Set(), attachment: null };

  function conversation() {
    return state.kind === 'group'
      ? { id: GROUP.id, type: '2', title: GROUP.title }
      : { id: 'cidDm' + state.user.staffId, type: '1', title: 'Robot · ' + state.user.nick };
  }

  // ---- safe markdown: escape everything first, then add back the few constructs we support ----
  function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }

  function inlineMarkdown(escaped) {
    const codes = [];
    let html = escaped.replace(/`([^`\n]+)`/g, (_, code) => {
      codes.push('<code>' + code + '</code>');
      return '\u0000' + (codes.length - 1) + '\u0000';
    });
    html = html.replace(/\*\*([^*\n]+)\*\*/g, '<strong>$1</strong>');
    // Only http(s) links; the URL is already escaped, so it cannot break out of the attribute.
    html = html.replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g,
      '<a href="$2" target="_blank" rel="noopener noreferrer">$1</a>');
    html = html.replace(/^#{1,6} (.+)$/gm, '<h4>$1</h4>');
    html = html.replace(/\n/g, '<br>');
    return html.replace(/\u0000(\d+)\u0000/g, (_, i) => codes[Number(i)]);
  }

  function renderMarkdown(text) {
    const parts = escapeHtml(text).split(/```/);
    return parts.map((part, i) => {
      if (i % 2 === 0 || i === parts.length - 1 && parts.length % 2 === 0) {
        // The line breaks around a fence belong to the fence, not to the text.
        let text = part;
        if (i > 0) text = text.replace(/^\n/, '');
        if (i < parts.length - 1) text = text.replace(/\n$/, '');
        return inlineMarkdown(text);
      }
      const body = part.replace(/^[\w+-]*\n/, '');
      return '<pre><code>' + body.replace(/\n$/, '') + '</code></pre>';
    }).join('');
  }

  function formatSize(bytes) {
    if (bytes < 1024) return bytes + ' B';
    if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + ' KiB';
    return (bytes / (1024 * 1024)).toFixed(1) + ' MiB';
  }

  // What a person's message shows: its text, and a line for the picture or file it carried (richText: text, then picture).
  function userText(m) {
    const size = m.fileSize === undefined || m.fileSize === null ? '' : ' (' + formatSize(m.fileSize) + ')';
    switch (m.msgtype) {
      case 'picture': return '🖼 picture' + size;
      case 'richText': return (m.text ? m.text + '\n' : '') + '🖼 picture' + size;
      case 'file': return '📎 ' + m.text + size;
      default: return m.text;
    }
  }

  // ---- rendering ----
  function renderMessages(messages) {
    const key = JSON.stringify(messages);
    if (key === state.rendered) return;
    state.rendered = key;
    const box = $('messages');
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
    box.textContent = '';
    if (messages.length === 0) {
      const empty = document.createElement('div');
      empty.className = 'empty';
      empty.textContent = state.kind === 'group' ? 'Nobody has written in the group yet. @robot to get an answer.' : 'Say hello to the robot.';
      box.appendChild(empty);
      return;
    }
    const conv = conversation().id;
    const senders = (state.sentBy.get(conv) || []).slice();
    for (const m of messages) {
      const item = document.createElement('div');
      item.className = 'message ' + (m.from === 'robot' ? 'robot' : 'user');
      const meta = document.createElement('div');
      meta.className = 'meta';
      const who = m.from === 'robot' ? 'Robot' : (senders.shift() || 'user');
      const time = new Date(m.at).toLocaleTimeString();
      meta.textContent = who + ' · ' + time + (m.via ? ' · via ' + m.via : '');
      const isCard = m.finalized !== undefined && m.finalized !== null;
      if (isCard) {
        const cardState = m.failed ? 'failed' : (m.finalized ? 'finished' : 'streaming');
        item.classList.add('card', 'card-' + cardState);
        if (m.outTrackId) item.dataset.outTrackId = m.outTrackId;
        const badge = document.createElement('span');
        badge.className = 'badge card-state ' + cardState;
        badge.textContent = cardState === 'streaming' ? 'card · streaming…' : 'card · ' + cardState;
        meta.appendChild(badge);
      }
      const bubble = document.createElement('div');
      bubble.className = 'bubble';
      if (m.from === 'robot' && (m.msgtype === 'markdown' || m.via === 'card' || m.msgtype === 'actionCard')) {
        bubble.innerHTML = renderMarkdown(m.text);
      } else {
        bubble.textContent = m.from === 'robot' ? m.text : userText(m);
      }
      item.appendChild(meta);
      item.appendChild(bubble);
      if (isCard && !m.finalized && !m.failed && m.outTrackId) item.appendChild(stopButton(m.outTrackId));
      box.appendChild(item);
    }
    if (atBottom || state.scrollNext) box.scrollTop = box.scrollHeight;
    state.scrollNext = false;
  }

  // A streaming card's Stop button: the person now chosen presses the card's stop action.
  function stopButton(outTrackId) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'card-stop';
    const pressed = state.stopping.has(outTrackId);
    button.textContent = pressed ? 'Stopping…' : 'Stop';
    button.disabled = pressed;
    button.addEventListener('click', () => pressStop(outTrackId, button));
    return button;
  }

  async function pressStop(outTrackId, button) {
    state.stopping.add(outTrackId);
    button.disabled = true;
    button.textContent = 'Stopping…';
    try {
      await api('/_emulator/cards/' + encodeURIComponent(outTrackId) + '/actions', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ userId: state.user.staffId, actionId: STOP_ACTION }),
      });
      showError('');
    } catch (e) {
      state.stopping.delete(outTrackId);
      button.disabled = false;
      button.textContent = 'Stop';
      showError('Stop not sent: ' + e.message);
    }
  }

  function showError(text) {
    const el = $('error');
    el.textContent = text || '';
    el.hidden = !text;
  }

  async function api(path, options) {
    const response = await fetch(path, options);
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error || body.message || ('HTTP ' + response.status));
    return body;
  }

  // ---- polling ----
  let polling = false;
  async function poll() {
    if (polling) return;
    polling = true;
    try {
      const conv = conversation().id;
      const messages = await api('/_emulator/conversations/' + encodeURIComponent(conv) + '/messages');
      if (conv === conversation().id) {
        state.streaming = messages.some((m) => m.finalized === false && !m.failed);
        renderMessages(messages);
      }
    } catch (e) {
      showError('Cannot reach the emulator: ' + e.message);
    } finally {
      polling = false;
    }
  }

  // Polls again soon while a card streams, so that its text grows as the updates arrive.
  async function pollLoop() {
    await poll();
    setTimeout(pollLoop, state.streaming ? STREAMING_POLL_MS : POLL_MS);
  }

  async function pollConnections() {
    const el = $('robot-status');
    try {
      const connections = await api('/_emulator/connections');
      const n = connections.length;
      el.textContent = n === 0 ? 'no robot connected: messages wait for it' : (n === 1 ? 'robot connected' : n + ' robot connections');
      el.className = 'status ' + (n === 0 ? 'status-none' : 'status-ok');
    } catch (e) {
      el.textContent = 'emulator unreachable';
      el.className = 'status status-none';
    }
  }

  // ---- actions ----
  function selectConversation(kind) {
    state.kind = kind;
    state.rendered = '';
    state.scrollNext = true;
    for (const button of document.querySelectorAll('.conversation')) {
      button.classList.toggle('active', button.dataset.conversation === kind);
    }
    const conv = conversation();
    $('conversation-title').textContent = conv.title;
    $('conversation-id').textContent = conv.id;
    $('at-robot-label').hidden = kind !== 'group';
    $('messages').textContent = '';
    poll();
  }

  // ---- attachments ----
  function isImage(file) {
    return (file.type || '').startsWith('image/');
  }

  function tooBig(file) {
    return '"' + file.name + '" is ' + formatSize(file.size) + ' (' + file.size.toLocaleString('en-US') + ' bytes): the emulator ' +
      'takes pictures and files of at most 512 KiB (' + MAX_FILE_BYTES.toLocaleString('en-US') + ' bytes). Nothing was sent.';
  }

  function attach(file) {
    clearAttachment();
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      showError(tooBig(file));
      return;
    }
    showError('');
    const preview = $('attachment-preview');
    state.attachment = { file: file, previewUrl: isImage(file) ? URL.createObjectURL(file) : null };
    preview.hidden = !state.attachment.previewUrl;
    if (state.attachment.previewUrl) preview.src = state.attachment.previewUrl;
    $('attachment-name').textContent = (isImage(file) ? '🖼 ' : '📎 ') + file.name;
    $('attachment-size').textContent = formatSize(file.size);
    $('attachment').hidden = false;
  }

  function clearAttachment() {
    if (state.attachment && state.attachment.previewUrl) URL.revokeObjectURL(state.attachment.previewUrl);
    state.attachment = null;
    $('attachment').hidden = true;
    $('attachment-preview').removeAttribute('src');
  }

  // btoa takes a string of bytes; built in chunks, since one String.fromCharCode call over 512 KiB overflows the stack.
  function toBase64(buffer) {
    const bytes = new Uint8Array(buffer);
    const CHUNK = 0x8000;
    let binary = '';
    for (let i = 0; i < bytes.length; i += CHUNK) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK));
    }
    return btoa(binary);
  }

  // What /_emulator/inbound gets for the text and the attachment. As in DingTalk, a picture with text is one richText
  // message (text first, then the picture); a file cannot carry text, so the text follows as a message of its own.
  async function messagesToSend(text, attachment) {
    if (!attachment) return [{ text: text }];
    const file = attachment.file;
    const fileBase64 = toBase64(await file.arrayBuffer());
    if (isImage(file)) {
      return [text.trim()
        ? { msgtype: 'richText', text: text, fileBase64: fileBase64, mediaType: file.type }
        : { msgtype: 'picture', fileBase64: fileBase64, mediaType: file.type }];
    }
    const sent = [{ msgtype: 'file', text: file.name, fileBase64: fileBase64, mediaType: file.type || 'application/octet-stream' }];
    if (text.trim()) sent.push({ text: text });
    return sent;
  }

  async function send(event) {
    event.preventDefault();
    // Enter while a send is still reading or posting its file must not send it twice.
    if ($('send').disabled) return;
    const input = $('composer');
    const text = input.value;
    const attachment = state.attachment;
    if (!text.trim() && !attachment) return;
    if (attachment && attachment.file.size > MAX_FILE_BYTES) {
      showError(tooBig(attachment.file));
      return;
    }
    const conv = conversation();
    $('send').disabled = true;
    try {
      for (const message of await messagesToSend(text, attachment)) {
        const body = Object.assign({
          conversationType: conv.type,
          conversationId: conv.id,
          senderStaffId: state.user.staffId,
          senderNick: state.user.nick,
        }, message);
        if (conv.type === '2') {
          body.conversationTitle = GROUP.title;
          body.atRobot = $('at-robot').checked;
        }
        await api('/_emulator/inbound', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        if (!state.sentBy.has(conv.id)) state.sentBy.set(conv.id, []);
        state.sentBy.get(conv.id).push(state.user.nick);
        // A sent part is not sent again if a later one fails.
        if (message.fileBase64) clearAttachment();
        if (message.msgtype !== 'file') input.value = '';
      }
      state.scrollNext = true;
      showError('');
      poll();
    } catch (e) {
      showError('Not sent: ' + e.message);
    } finally {
      $('send').disabled = false;
      input.focus();
    }
  }

  async function runLoad() {
    const button = $('load-button');
    const result = $('load-result');
    const messages = Number($('load-messages').value);
    const conversations = Number($('load-conversations').value);
    button.disabled = true;
    try {
      await api('/_emulator/load', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ messages, conversations, conversationType: '1', text: 'load test' }),
      });
      const deadline = Date.now() + 120000;
      for (;;) {
        const r = await api('/_emulator/load');
        result.textContent = 'pushed   ' + r.pushed + ' / ' + messages + '\nacked    ' + r.acked + '\nanswered ' + r.answered +
          '\nelapsed  ' + Math.round(r.elapsedMs) + ' ms\nack p50  ' + r.ackP50Ms + ' ms\nack p99  ' + r.ackP99Ms + ' ms';
        if ((r.acked >= messages && r.answered >= messages) || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } catch (e) {
      result.textContent = 'load failed: ' + e.message;
    } finally {
      button.disabled = false;
    }
  }

  // ---- start ----
  const select = $('user');
  for (const user of USERS) {
    const option = document.createElement('option');
    option.value = user.staffId;
    option.textContent = user.nick + ' (' + user.staffId + ')';
    select.appendChild(option);
  }
  select.addEventListener('change', () => {
    state.user = USERS.find((u) => u.staffId === select.value) || USERS[0];
    selectConversation(state.kind);
  });
  for (const button of document.querySelectorAll('.conversation')) {
    button.addEventListener('click', () => selectConversation(button.dataset.conversation));
  }
  $('composer-form').addEventListener('submit', send);
  $('composer').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) send(e);
  });
  $('load-button').addEventListener('click', runLoad);
  $('attach').addEventListener('click', () => $('file-input').click());
  $('file-input').addEventListener('change', () => {
    const input = $('file-input');
    attach(input.files[0]);
    // Cleared so that choosing the same file again is a change too.
    input.value = '';
  });
  $('attachment-remove').addEventListener('click', clearAttachment);

  selectConversation('dm');
  pollConnections();
  pollLoop();
  setInterval(pollConnections, 2000);
})();

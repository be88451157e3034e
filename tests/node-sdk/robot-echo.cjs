'use strict';
// DingTalk's own Node.js Stream SDK (dingtalk-stream), pointed at the EdgeCrab emulator: it registers a robot
// callback listener, acks the first robot message, answers it through the session webhook, and exits.
//
//   node robot-echo.cjs <emulatorBaseUrl> <appKey> <appSecret>
//   (or EMULATOR_BASE_URL, DINGTALK_APP_KEY, DINGTALK_APP_SECRET)
//
// Exit code 0 after one answered message; 1 on any failure or after ROBOT_ECHO_TIMEOUT_MS (default 60 s).

const base = (process.argv[2] || process.env.EMULATOR_BASE_URL || '').replace(/\/?$/, '/');
const clientId = process.argv[3] || process.env.DINGTALK_APP_KEY;
const clientSecret = process.argv[4] || process.env.DINGTALK_APP_SECRET;
if (base === '/' || !clientId || !clientSecret) {
  console.error('usage: node robot-echo.cjs <emulatorBaseUrl> <appKey> <appSecret>');
  process.exit(2);
}

// The SDK reads these module constants at call time, so overriding them before connecting redirects it.
const constants = require('dingtalk-stream/constants');
constants.GATEWAY_URL = base + 'v1.0/gateway/connections/open';
constants.GET_TOKEN_URL = base + 'gettoken';

const { DWClient, TOPIC_ROBOT } = require('dingtalk-stream');
const axios = require('axios');

const timeout = setTimeout(() => {
  console.error('robot-echo: no robot message arrived in time');
  process.exit(1);
}, Number(process.env.ROBOT_ECHO_TIMEOUT_MS || 60000));

const client = new DWClient({ clientId, clientSecret, ua: 'edgecrab-node-sdk-conformance' });

client.registerCallbackListener(TOPIC_ROBOT, async (res) => {
  const messageId = res.headers.messageId;
  try {
    // Ack first, as DingTalk asks, so the message is not pushed again.
    client.socketCallBackResponse(messageId, { ok: true });
    const message = JSON.parse(res.data);
    const text = ((message.text && message.text.content) || '').trim();
    const answer = await axios.post(message.sessionWebhook, {
      msgtype: 'text',
      text: { content: 'node echo: ' + text },
      at: { atUserIds: [message.senderStaffId], isAtAll: false },
    }, { headers: { 'Content-Type': 'application/json' } });
    if (answer.data.errcode !== 0) throw new Error('session webhook answered ' + JSON.stringify(answer.data));
    console.log('robot-echo: answered ' + message.msgId);
    clearTimeout(timeout);
    client.disconnect();
    setTimeout(() => process.exit(0), 100);
  } catch (err) {
    console.error('robot-echo: ' + (err && err.message ? err.message : err));
    process.exit(1);
  }
});

client.connect().then(() => {
  if (client.connected) console.log('robot-echo: connected');
});

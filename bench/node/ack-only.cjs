'use strict';
// The peer's ceiling for the bench: DingTalk's own Node.js Stream SDK (dingtalk-stream, from tests/node-sdk) connected
// to the EdgeCrab emulator, reading each robot callback and acking it at once, persisting nothing.
//
//   node bench/node/ack-only.cjs <emulatorBaseUrl> <appKey> <appSecret>
//
// Prints "ack-only: connected" once the socket is up; runs until killed (the bench kills it) or stdin closes.
const path = require('path');
const { createRequire } = require('module');

const base = (process.argv[2] || '').replace(/\/?$/, '/');
const clientId = process.argv[3];
const clientSecret = process.argv[4];
if (base === '/' || !clientId || !clientSecret) {
  console.error('usage: node ack-only.cjs <emulatorBaseUrl> <appKey> <appSecret>');
  process.exit(2);
}

// Resolve the SDK exactly as tests/node-sdk/robot-echo.cjs does, so its constants module is the one the client reads.
const sdkRequire = createRequire(path.join(__dirname, '..', '..', 'tests', 'node-sdk', 'package.json'));
const constants = sdkRequire('dingtalk-stream/constants');
constants.GATEWAY_URL = base + 'v1.0/gateway/connections/open';
constants.GET_TOKEN_URL = base + 'gettoken';
const { DWClient, TOPIC_ROBOT } = sdkRequire('dingtalk-stream');

const client = new DWClient({ clientId, clientSecret, ua: 'edgecrab-bench-ack-only', keepAlive: false });
let acked = 0;
client.registerCallbackListener(TOPIC_ROBOT, (res) => {
  // Read the robot message as any robot would, then ack: nothing is stored.
  JSON.parse(res.data);
  client.socketCallBackResponse(res.headers.messageId, null);
  acked++;
});

client.connect().then(() => console.log('ack-only: connected'));

// The bench closes our stdin when it is done; a killed parent must not leave us running.
process.stdin.on('end', () => { console.log('ack-only: acked ' + acked); process.exit(0); });
process.stdin.resume();
setTimeout(() => process.exit(3), 15 * 60 * 1000).unref();

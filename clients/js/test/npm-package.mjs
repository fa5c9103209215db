// The npm package as a user gets it, for the Java integration test JsPackageTest: `npm pack` here,
// a new project elsewhere that installs the tarball (from npm's cache where it can), and a program
// there that imports 'porthouse-client' by name and chats with a running server.
//   node npm-package.mjs http://127.0.0.1:PORT TOKEN ROOM
// Prints {"event":"packed","files":[…]}, {"event":"installed"}, then the program's own lines, and
// exits with the program's exit code.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [base, token, room] = process.argv.slice(2);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const project = mkdtempSync(join(tmpdir(), 'porthouse-npm-'));

const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', project], { cwd: here, encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'ignore'] }));
out({ event: 'packed', filename: packed.filename, files: packed.files.map((f) => f.path) });

writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'an-app', version: '1.0.0', type: 'module', private: true }));
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `./${packed.filename}`], { cwd: project, stdio: 'ignore' });
out({ event: 'installed' });

writeFileSync(join(project, 'app.mjs'), `
import { connect, PorthouseError } from 'porthouse-client';
const out = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
const [base, token, room] = process.argv.slice(2);
const ph = await connect(base + '/eventbus', { token });
const got = new Promise((resolve) => ph.on('msg', (m) => m.client !== ph.welcome.client && resolve(m)));
const joined = await ph.join(room);
const ack = await ph.send(room, { text: 'from an installed package' });
const msg = await got; // the WebSocket member's answer
let code = null;
try { await ph.join('no-such-room-' + Date.now()); } catch (e) { code = e instanceof PorthouseError ? e.code : String(e); }
out({ event: 'chatted', client: ph.welcome.client, joined: joined.seq, ack: ack.seq, answer: msg.data, answerSeq: msg.seq, refused: code });
ph.close();
`);
const run = spawnSync('node', ['app.mjs', base, token, room], { cwd: project, encoding: 'utf8', timeout: 30000 });
process.stdout.write(run.stdout);
process.stderr.write(run.stderr);
process.exit(run.status === null ? 1 : run.status);

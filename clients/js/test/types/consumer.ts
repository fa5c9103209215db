// A consumer written against the declarations (npm run typecheck): it compiles only while
// src/porthouse.d.ts says what the client offers. It is type-checked, never run.
import { connect, PorthouseError, type Msg, type Porthouse } from 'porthouse-client';

async function chat(url: string, token: string): Promise<number> {
  const ph: Porthouse = await connect(url, {
    token,
    refresh: async () => token,
    transports: ['xhr-streaming'],
    reconnectDelayMax: 3000,
  });
  const stop = ph.on('msg', (m: Msg) => console.log(m.room, m.seq, m.client, m.data));
  ph.on('presence', (p) => console.log(p.event === 'join' ? 'joined' : 'left', p.client));
  ph.on('resumed', (r) => console.log(r.room, r.recovered, r.joined.epoch));
  ph.on('error', (e) => console.log(e instanceof PorthouseError ? e.code : e));
  const joined = await ph.join('lobby');
  const history = await ph.history<{ text: string }>('lobby', Math.max(0, joined.seq - 20));
  history.messages.forEach((m) => console.log(m.data.text.toUpperCase()));
  const members = await ph.members('lobby');
  console.log(members.members.map((m) => m.socket), members.more);
  console.log((await ph.rules('lobby')).rules['presence']);
  try {
    const ack = await ph.send('lobby', { text: 'hi' }, { id: 'm-1' });
    stop();
    return ack.seq;
  } catch (e) {
    if (e instanceof PorthouseError && e.code === 'outcome_unknown') {
      return -1;
    }
    throw e;
  } finally {
    ph.close();
  }
}

chat('http://127.0.0.1:8080/eventbus', 'token').then((seq) => console.log(seq));

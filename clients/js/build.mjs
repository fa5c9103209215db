// Builds dist/: porthouse.js, one ES module with sockjs-client and the event-bus client inside, for
// a page's <script type="module"> without a bundler (the server serves it at /js/porthouse.js), and
// sockjs.min.js, the library the iframe-based SockJS transports load (at /js/sockjs.min.js).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
mkdirSync('dist', { recursive: true });
await build({
  entryPoints: ['src/porthouse.js'],
  outfile: 'dist/porthouse.js',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  sourcemap: true,
  // sockjs-client is written for browserify: it reads `global` and `process.env`
  define: { global: 'globalThis', 'process.env.NODE_ENV': '"production"' },
  banner: { js: `// porthouse-client ${version} (Apache-2.0). Inside: sockjs-client 1.6.1 (MIT, (c) 2011-2018 The sockjs-client Authors),`
    + `\n// @vertx/eventbus-bridge-client.js 1.0.0 (EPL-1.0 or Apache-2.0, (c) 2011-2015 The original author or authors), and their`
    + `\n// dependencies url-parse, requires-port, querystringify and inherits (MIT).` },
  logLevel: 'warning',
});
copyFileSync('node_modules/sockjs-client/dist/sockjs.min.js', 'dist/sockjs.min.js');
copyFileSync('src/porthouse.d.ts', 'dist/porthouse.d.ts');

#!/usr/bin/env node
// The package's bin: runs the compiled CLI (built by `npm install` through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
if (!existsSync(compiled)) {
  process.stderr.write('c360-demo: the compiled CLI is missing; run `npm install` (or `npm run build`) in the project first\n');
  process.exit(2);
}
// `c360-demo sql ... | head`: a reader that stops early is not an error, and is no stack trace.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
// React (under Ink) checks and warns in development mode at a cost on every render; users get the
// production build. NODE_ENV=development keeps the checks for someone working on the screens.
if (process.env.NODE_ENV !== 'development') process.env.NODE_ENV = 'production';
const { run } = await import(compiled);
// exitCode rather than exit(): pending output is flushed first.
process.exitCode = await run(process.argv.slice(2));

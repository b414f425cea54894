/**
 * Runs the loopback "Snowflake" by hand, for trying `--backend snowflake` without an account:
 *
 *   npm run loopback -- [--data-dir .c360] [--port 4443]
 *
 * It serves the local warehouse in --data-dir (build it first: c360-demo pipeline --scale test)
 * and prints a connections.toml section to paste. EXECUTE TASK runs the real pipeline stages.
 * Stop it with Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { LocalDuckDbBackend } from '../../../src/backends/local/duckdb-backend.js';
import { runConfig } from '../../../src/core/config.js';
import { localTaskHandlers, startLoopbackServer } from './loopback-server.js';

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string', default: '.c360' }, port: { type: 'string' }, password: { type: 'string', default: 'loopback-password' } },
});
const backend = await LocalDuckDbBackend.open({ dataDir: values['data-dir'] });
const server = await startLoopbackServer({
  backend,
  port: values.port ? Number(values.port) : undefined,
  users: { C360_TEST: values.password },
  handlers: localTaskHandlers(backend, { config: runConfig({ dataDir: values['data-dir'], backend: 'local' }) }),
});
process.stdout.write(`loopback Snowflake on ${server.url}, serving ${backend.file}

[loopback]
account = "loopback"
user = "C360_TEST"
password = "${values.password}"
role = "C360_ROLE"
warehouse = "C360_WH"
database = "CUSTOMER_ANALYTICS"
host = "127.0.0.1"
port = ${server.port}
protocol = "http"

then: c360-demo connection test --connection loopback
`);
process.on('SIGINT', () => {
  void server
    .close()
    .then(() => backend.close())
    .then(() => process.exit(0));
});

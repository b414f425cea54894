/**
 * Runs the loopback "Snowflake" by hand, for trying `--backend snowflake` without an account:
 *
 *   npm run loopback -- [--data-dir .c360] [--port 4443] [--scale test]
 *
 * It serves the local warehouse in --data-dir (build it first: c360-demo pipeline --scale test,
 * or start from an empty folder and `c360-demo deploy` then `pipeline --backend snowflake --via
 * local`) and prints a connections.toml section to paste. EXECUTE TASK runs the real pipeline
 * stages; the account emulation (stages in <data-dir>/loopback-stages) answers deploy, PUT, COPY
 * INTO and EXECUTE DBT PROJECT. Stop it with Ctrl-C.
 */
import path from 'node:path';
import { localWarehouse } from '../pack.js';
import { parseArgs } from 'node:util';
import { LocalDuckDbBackend } from '../../../src/backends/local/duckdb-backend.js';
import { SCALE_NAMES, runConfig, type RunConfig } from '../../../src/core/config.js';
import { localTaskHandlers, startLoopbackServer } from './loopback-server.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: '.c360' },
    port: { type: 'string' },
    password: { type: 'string', default: 'loopback-password' },
    // The scale EXECUTE TASK's stages generate at (a real account's task carries its own).
    scale: { type: 'string', default: 'full' },
  },
});
const backend = await LocalDuckDbBackend.open({ ...localWarehouse(values['data-dir']) });
if (!(SCALE_NAMES as readonly string[]).includes(values.scale)) throw new Error(`--scale must be one of ${SCALE_NAMES.join(', ')}`);
const config = runConfig({ ...localWarehouse(values['data-dir']), backend: 'local', scale: values.scale as RunConfig['scale'] });
const server = await startLoopbackServer({
  backend,
  port: values.port ? Number(values.port) : undefined,
  users: { C360_TEST: values.password },
  roles: ['PUBLIC', 'SYSADMIN', 'ACCOUNTADMIN', 'C360_ROLE'],
  account: { config, stagesRoot: path.join(values['data-dir'], 'loopback-stages') },
  handlers: localTaskHandlers(backend, { config }),
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

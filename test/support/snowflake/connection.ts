import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes `<home>/connections.toml` with one connection, `loop`, to the loopback server on `port`
 * as the account administrator (owner-only, as the driver requires).
 */
export function writeLoopbackConnection(home: string, port: number, password: string): void {
  const file = path.join(home, 'connections.toml');
  fs.writeFileSync(
    file,
    `[loop]\naccount = "loopback"\nuser = "C360_TEST"\npassword = "${password}"\nrole = "SYSADMIN"\nwarehouse = "COMPUTE_WH"\n` +
      `database = "CUSTOMER_ANALYTICS"\nhost = "127.0.0.1"\nport = ${port}\nprotocol = "http"\nlogin_timeout = 5\n`,
  );
  fs.chmodSync(file, 0o600);
}

/**
 * Loads snowflake-sdk on first use (start-up stays fast) with its logging kept off the user's
 * screen: the driver logs to an in-memory ring (masked, shown with --debug) and the AWS SDK's
 * "Node.js version" warning, which it triggers on Node 20, is switched off before it loads.
 */
import type * as SnowflakeSdk from 'snowflake-sdk';
import { maskSecrets } from '../../util/secrets.js';
import { runScope } from '../../util/run-scope.js';

export type Sdk = typeof SnowflakeSdk;

const LOG_LIMIT = 200;

/** The driver's own recent log lines (warnings and errors), secrets masked. */
export function driverLogLines(): string[] {
  return [...runScope().driverLog];
}

function sink(level: string) {
  return (message: unknown) => {
    const log = runScope().driverLog;
    log.push(`${level} ${maskSecrets(String(message))}`);
    if (log.length > LOG_LIMIT) log.shift();
  };
}

let loading: Promise<Sdk> | undefined;

export function loadSdk(): Promise<Sdk> {
  loading ??= (async () => {
    // The AWS SDK (a dependency of the driver, for stages) warns on Node < 22 through process.emitWarning.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const mod = (await import('snowflake-sdk')) as unknown as Sdk & { default?: Sdk };
    const sdk = mod.default ?? mod;
    sdk.configure({
      logLevel: 'WARN',
      additionalLogToConsole: false,
      customLogger: {
        error: sink('ERROR'),
        warn: sink('WARN'),
        info: () => undefined,
        debug: () => undefined,
        trace: () => undefined,
      },
    });
    return sdk;
  })();
  return loading;
}

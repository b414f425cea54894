/**
 * Where the Snowflake connection comes from, resolved the way the Snowflake CLI (`snow`) does:
 *
 * 1. `--connection NAME` names a section of `connections.toml` (or `[connections.NAME]` in `config.toml`).
 * 2. Without it: `SNOWFLAKE_ACCOUNT` (+ the other `SNOWFLAKE_*` variables) is a connection of its own;
 *    otherwise the default connection name is `SNOWFLAKE_DEFAULT_CONNECTION_NAME`, else
 *    `default_connection_name` in `config.toml`, else `default`.
 *
 * Files live in `$SNOWFLAKE_HOME` (default `~/.snowflake`). A file that group/others can read is
 * refused, as the driver refuses it, because it holds a password.
 * Every secret is registered with the masker the moment it is read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { UserError, ExitCode } from '../../core/errors.js';
import { registerSecret } from '../../util/secrets.js';

export type Authenticator = 'SNOWFLAKE' | 'SNOWFLAKE_JWT' | 'EXTERNALBROWSER';

export interface SnowflakeConnectionConfig {
  /** Where it came from, for messages: `connection "demo" in /home/x/.snowflake/connections.toml`. */
  source: string;
  /** Connection name when it came from a file. */
  name?: string;
  account: string;
  user: string;
  authenticator: Authenticator;
  password?: string;
  privateKeyPath?: string;
  privateKeyPassphrase?: string;
  role?: string;
  warehouse?: string;
  database?: string;
  schema?: string;
  /** `http://127.0.0.1:PORT` for the loopback test server; unset means `https://<account>.snowflakecomputing.com`. */
  accessUrl?: string;
  /** How long connecting may take before we give up (ms). */
  connectTimeoutMs: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Keys a connections.toml section may hold (the Snowflake CLI's names, plus the driver's aliases). */
const sectionSchema = z
  .object({
    account: z.string().min(1).optional(),
    accountname: z.string().min(1).optional(),
    user: z.string().min(1).optional(),
    username: z.string().min(1).optional(),
    password: z.string().optional(),
    authenticator: z.string().optional(),
    role: z.string().optional(),
    warehouse: z.string().optional(),
    database: z.string().optional(),
    schema: z.string().optional(),
    host: z.string().optional(),
    port: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).optional(),
    protocol: z.enum(['http', 'https']).optional(),
    private_key_file: z.string().optional(),
    private_key_path: z.string().optional(),
    private_key_file_pwd: z.string().optional(),
    private_key_passphrase: z.string().optional(),
    login_timeout: z.union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?$/)]).optional(),
  })
  .loose();

type Section = z.infer<typeof sectionSchema>;

export function snowflakeHome(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.SNOWFLAKE_HOME;
  if (home && home.trim() !== '') return path.resolve(expandTilde(home));
  return path.join(os.homedir(), '.snowflake');
}

function expandTilde(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

/** Refuses a file that group or others can read or write (the driver does the same for connections.toml). */
export function checkPermissions(file: string): void {
  if (process.platform === 'win32') return;
  const mode = fs.statSync(file).mode;
  if ((mode & 0o077) !== 0) {
    throw new UserError(
      `${file} is readable by other users (mode ${(mode & 0o777).toString(8)}); it holds credentials, so it is refused`,
      ExitCode.badInput,
      `chmod 0600 ${file}`,
    );
  }
}

function readToml(file: string, holdsSecrets: boolean): Record<string, unknown> | undefined {
  if (!fs.existsSync(file)) return undefined;
  if (holdsSecrets) checkPermissions(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return parseToml(text);
  } catch (err) {
    // smol-toml's message names line and column; the first line is enough and holds no values.
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.replace(/^Invalid TOML document:\s*/, '');
    const line = (err as { line?: number }).line;
    throw new UserError(`${file} is not valid TOML${line ? ` (line ${line})` : ''}: ${first}`, ExitCode.badInput, 'fix the file, or pass --backend local');
  }
}

export interface ConnectionFiles {
  home: string;
  connectionsFile: string;
  configFile: string;
  /** Connection sections by name, from connections.toml then config.toml [connections.*]. */
  sections: Map<string, { file: string; raw: unknown }>;
  /** `default_connection_name` from config.toml. */
  configDefault?: string;
}

export function readConnectionFiles(env: NodeJS.ProcessEnv = process.env): ConnectionFiles {
  const home = snowflakeHome(env);
  const connectionsFile = path.join(home, 'connections.toml');
  const configFile = path.join(home, 'config.toml');
  const sections = new Map<string, { file: string; raw: unknown }>();
  const config = readToml(configFile, false);
  let configDefault: string | undefined;
  if (config) {
    // config.toml needs private permissions only when it holds connections (and so credentials).
    if (config.connections) checkPermissions(configFile);
    if (typeof config.default_connection_name === 'string') configDefault = config.default_connection_name;
    const nested = config.connections;
    if (nested && typeof nested === 'object') {
      for (const [name, raw] of Object.entries(nested as Record<string, unknown>)) sections.set(name, { file: configFile, raw });
    }
  }
  // connections.toml wins over config.toml, as in the Snowflake CLI.
  const connections = readToml(connectionsFile, true);
  if (connections) {
    if (typeof connections.default_connection_name === 'string' && !configDefault) configDefault = connections.default_connection_name;
    for (const [name, raw] of Object.entries(connections)) {
      if (raw && typeof raw === 'object' && !Array.isArray(raw)) sections.set(name, { file: connectionsFile, raw });
    }
  }
  return { home, connectionsFile, configFile, sections, configDefault };
}

function normaliseAuthenticator(value: string | undefined, where: string): Authenticator {
  const v = (value ?? 'snowflake').trim().toUpperCase();
  if (v === 'SNOWFLAKE' || v === 'USERNAME_PASSWORD' || v === '') return 'SNOWFLAKE';
  if (v === 'SNOWFLAKE_JWT' || v === 'JWT' || v === 'KEYPAIR') return 'SNOWFLAKE_JWT';
  if (v === 'EXTERNALBROWSER') return 'EXTERNALBROWSER';
  throw new UserError(
    `${where}: authenticator "${value}" is not supported`,
    ExitCode.badInput,
    'use snowflake (password), SNOWFLAKE_JWT (key pair) or externalbrowser',
  );
}

function accessUrlOf(host: string | undefined, port: string | number | undefined, protocol: string | undefined): string | undefined {
  if (!host) return undefined;
  if (/^https?:\/\//i.test(host)) return host.replace(/\/+$/, '');
  const proto = protocol ?? 'https';
  return `${proto}://${host}${port !== undefined ? `:${port}` : ''}`;
}

function timeoutMs(value: string | number | undefined, where: string): number {
  if (value === undefined || value === '') return DEFAULT_CONNECT_TIMEOUT_MS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UserError(`${where}: login_timeout must be a positive number of seconds, got "${value}"`);
  return Math.round(seconds * 1000);
}

/** Checks the pieces every authenticator needs and registers the secrets. */
function finish(config: SnowflakeConnectionConfig): SnowflakeConnectionConfig {
  registerSecret(config.password);
  registerSecret(config.privateKeyPassphrase);
  const where = config.source;
  if (config.authenticator === 'SNOWFLAKE' && !config.password) {
    throw new UserError(`${where}: no password (set password, or authenticator = "SNOWFLAKE_JWT" with private_key_file, or "externalbrowser")`);
  }
  if (config.authenticator === 'SNOWFLAKE_JWT') {
    if (!config.privateKeyPath) throw new UserError(`${where}: authenticator SNOWFLAKE_JWT needs private_key_file`);
    if (!fs.existsSync(config.privateKeyPath)) {
      throw new UserError(`${where}: private key file not found: ${config.privateKeyPath}`);
    }
  }
  return config;
}

function fromSection(name: string, file: string, raw: unknown, env: NodeJS.ProcessEnv): SnowflakeConnectionConfig {
  const where = `connection "${name}" in ${file}`;
  const parsed = sectionSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`${where}: ${issue.path.join('.') || 'section'}: ${issue.message}`, ExitCode.badInput);
  }
  const s: Section = { ...parsed.data };
  // Secrets are registered before anything can fail and print.
  registerSecret(s.password);
  registerSecret(s.private_key_file_pwd);
  registerSecret(s.private_key_passphrase);
  // SNOWFLAKE_CONNECTIONS_<NAME>_<KEY> overrides a key, as in the Snowflake CLI.
  const prefix = `SNOWFLAKE_CONNECTIONS_${name.toUpperCase()}_`;
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith(prefix) && value !== undefined) (s as Record<string, unknown>)[key.slice(prefix.length).toLowerCase()] = value;
  }
  registerSecret(s.password);
  const account = s.account ?? s.accountname;
  const user = s.user ?? s.username;
  if (!account) throw new UserError(`${where}: account is missing`);
  if (!user) throw new UserError(`${where}: user is missing`);
  const keyPath = s.private_key_file ?? s.private_key_path;
  return finish({
    source: where,
    name,
    account,
    user,
    authenticator: normaliseAuthenticator(s.authenticator ?? (keyPath && !s.password ? 'SNOWFLAKE_JWT' : undefined), where),
    password: s.password,
    privateKeyPath: keyPath ? path.resolve(path.dirname(file), expandTilde(keyPath)) : undefined,
    privateKeyPassphrase: s.private_key_file_pwd ?? s.private_key_passphrase,
    role: s.role || undefined,
    warehouse: s.warehouse || undefined,
    database: s.database || undefined,
    schema: s.schema || undefined,
    accessUrl: accessUrlOf(s.host, s.port, s.protocol),
    connectTimeoutMs: timeoutMs(s.login_timeout, where),
  });
}

function fromEnv(env: NodeJS.ProcessEnv): SnowflakeConnectionConfig {
  const where = 'environment (SNOWFLAKE_* variables)';
  registerSecret(env.SNOWFLAKE_PASSWORD);
  registerSecret(env.SNOWFLAKE_PRIVATE_KEY_FILE_PWD);
  registerSecret(env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE);
  const user = env.SNOWFLAKE_USER ?? env.SNOWFLAKE_USERNAME;
  if (!user) throw new UserError(`${where}: SNOWFLAKE_ACCOUNT is set but SNOWFLAKE_USER is not`);
  const keyPath = env.SNOWFLAKE_PRIVATE_KEY_FILE ?? env.SNOWFLAKE_PRIVATE_KEY_PATH;
  const protocol = env.SNOWFLAKE_PROTOCOL;
  if (protocol && protocol !== 'http' && protocol !== 'https') throw new UserError(`${where}: SNOWFLAKE_PROTOCOL must be http or https`);
  return finish({
    source: where,
    account: env.SNOWFLAKE_ACCOUNT!,
    user,
    authenticator: normaliseAuthenticator(env.SNOWFLAKE_AUTHENTICATOR ?? (keyPath && !env.SNOWFLAKE_PASSWORD ? 'SNOWFLAKE_JWT' : undefined), where),
    password: env.SNOWFLAKE_PASSWORD,
    privateKeyPath: keyPath ? path.resolve(expandTilde(keyPath)) : undefined,
    privateKeyPassphrase: env.SNOWFLAKE_PRIVATE_KEY_FILE_PWD ?? env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE,
    role: env.SNOWFLAKE_ROLE || undefined,
    warehouse: env.SNOWFLAKE_WAREHOUSE || undefined,
    database: env.SNOWFLAKE_DATABASE || undefined,
    schema: env.SNOWFLAKE_SCHEMA || undefined,
    accessUrl: accessUrlOf(env.SNOWFLAKE_HOST, env.SNOWFLAKE_PORT, protocol),
    connectTimeoutMs: timeoutMs(env.SNOWFLAKE_LOGIN_TIMEOUT, where),
  });
}

/**
 * The connection to use, or undefined when none is configured (then `--backend auto` stays local).
 * Throws UserError (exit 2) for a named connection that does not exist, a malformed or
 * world-readable file, or a section missing what its authenticator needs.
 */
export function resolveConnection(options: { connection?: string }, env: NodeJS.ProcessEnv = process.env): SnowflakeConnectionConfig | undefined {
  // Environment secrets are masked even when a file connection is used.
  registerSecret(env.SNOWFLAKE_PASSWORD);
  registerSecret(env.SNOWFLAKE_PRIVATE_KEY_FILE_PWD);
  registerSecret(env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE);
  const files = readConnectionFiles(env);
  if (options.connection) return named(options.connection, files, env, '--connection');
  if (env.SNOWFLAKE_ACCOUNT) return fromEnv(env);
  const envDefault = env.SNOWFLAKE_DEFAULT_CONNECTION_NAME?.trim();
  if (envDefault) return named(envDefault, files, env, 'SNOWFLAKE_DEFAULT_CONNECTION_NAME');
  if (files.configDefault) return named(files.configDefault, files, env, `default_connection_name in ${files.configFile}`);
  const fallback = files.sections.get('default');
  return fallback ? fromSection('default', fallback.file, fallback.raw, env) : undefined;
}

function named(name: string, files: ConnectionFiles, env: NodeJS.ProcessEnv, from: string): SnowflakeConnectionConfig {
  const section = files.sections.get(name);
  if (!section) {
    const known = [...files.sections.keys()];
    const exists = fs.existsSync(files.connectionsFile);
    throw new UserError(
      `unknown Snowflake connection "${name}" (from ${from}): ${exists ? `${files.connectionsFile} defines ${known.length > 0 ? known.map((k) => `"${k}"`).join(', ') : 'no connections'}` : `${files.connectionsFile} does not exist`}`,
      ExitCode.badInput,
      exists ? 'pass one of the defined names with --connection' : 'create the file (see docs/snowflake.md) or set SNOWFLAKE_HOME',
    );
  }
  return fromSection(name, section.file, section.raw, env);
}

/** For printing: everything except secrets. */
export function describeConnection(config: SnowflakeConnectionConfig): Record<string, string | null> {
  return {
    source: config.source,
    account: config.account,
    user: config.user,
    authenticator: config.authenticator,
    role: config.role ?? null,
    warehouse: config.warehouse ?? null,
    database: config.database ?? null,
    schema: config.schema ?? null,
    host: config.accessUrl ?? `https://${config.account}.snowflakecomputing.com`,
    password: config.password ? '****' : null,
    private_key_file: config.privateKeyPath ?? null,
  };
}

export interface ConnectionListing {
  name: string;
  account: string | null;
  user: string | null;
  authenticator: string;
  file: string;
  /** The connection used when no --connection is given. */
  isDefault: boolean;
}

/** The connections the files define (secrets left out), and which one is the default. */
export function listConnections(env: NodeJS.ProcessEnv = process.env): {
  home: string;
  defaultName: string;
  viaEnvironment: boolean;
  connections: ConnectionListing[];
} {
  registerSecret(env.SNOWFLAKE_PASSWORD);
  const files = readConnectionFiles(env);
  const defaultName = env.SNOWFLAKE_DEFAULT_CONNECTION_NAME?.trim() || files.configDefault || 'default';
  const viaEnvironment = Boolean(env.SNOWFLAKE_ACCOUNT);
  const connections = [...files.sections.entries()].map(([name, { file, raw }]) => {
    const s = (raw ?? {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
    registerSecret(str(s.password));
    return {
      name,
      account: str(s.account) ?? str(s.accountname),
      user: str(s.user) ?? str(s.username),
      authenticator: str(s.authenticator) ?? (str(s.private_key_file) || str(s.private_key_path) ? 'SNOWFLAKE_JWT' : 'snowflake'),
      file,
      isDefault: !viaEnvironment && name === defaultName,
    };
  });
  return { home: files.home, defaultName, viaEnvironment, connections };
}

/**
 * Masks secrets before anything reaches a terminal, a log or a file.
 * Every value registered here (passwords, tokens, private keys, passphrases) is replaced by "****"
 * in any string passed through `maskSecrets`.
 */
import { runScope } from './run-scope.js';

/** Environment variables whose values are secrets whatever they contain. */
const SECRET_ENV = /(PASSWORD|PASSCODE|TOKEN|SECRET|PRIVATE_KEY|PASSPHRASE)/i;

export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 4) runScope().secrets.add(value);
}

export function registerSecretsFromEnv(env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, value] of Object.entries(env)) {
    if (SECRET_ENV.test(name)) registerSecret(value);
  }
}

export function maskSecrets(text: string): string {
  let out = text;
  for (const secret of runScope().secrets) out = out.split(secret).join('****');
  // PEM blocks are secrets even when we never saw them registered.
  return out.replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, '****');
}

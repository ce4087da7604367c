import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomically } from '../../application/files';
import { SettingsError } from '../config/settings';
import { createSelfSignedCertificate, DEFAULT_CERT_HOSTS } from '../tls/self-signed';

export const CERT_FILE = 'folio-cert.pem';
export const KEY_FILE = 'folio-key.pem';

export interface CertFlags {
  readonly out?: string;
  readonly host?: readonly string[];
  readonly days?: string;
  readonly force?: boolean;
}

/**
 * `folio cert`: a self-signed certificate and its key for trials, and the settings lines that use
 * them. Production sites should use a certificate from their own or a public CA.
 */
export const cert = (flags: CertFlags): void => {
  const folder = resolve(flags.out ?? '.');
  const days = Number(flags.days ?? '365');
  if (!Number.isInteger(days) || days < 1 || days > 3_650)
    throw new SettingsError(`--days: '${flags.days ?? ''}' is not a number of days from 1 to 3650`);
  const certPath = join(folder, CERT_FILE);
  const keyPath = join(folder, KEY_FILE);
  if (!flags.force && (existsSync(certPath) || existsSync(keyPath)))
    throw new SettingsError(`${certPath} or ${keyPath} exists already; use --force to replace them`);
  const hosts = flags.host !== undefined && flags.host.length > 0 ? flags.host : DEFAULT_CERT_HOSTS;
  const pair = createSelfSignedCertificate({ hosts, days });
  mkdirSync(folder, { recursive: true });
  writeFileAtomically(keyPath, pair.keyPem, 0o600);
  writeFileAtomically(certPath, pair.certPem, 0o644);
  process.stdout.write(
    [
      `wrote ${certPath} (self-signed, valid ${days} days for ${hosts.join(', ')})`,
      `wrote ${keyPath} (private key, readable by its owner only)`,
      'add to the settings file (folio serve --config FILE):',
      `  "tlsCertFile": "${certPath}", "tlsKeyFile": "${keyPath}", "tlsPort": 9192`,
      '',
    ].join('\n'),
  );
};

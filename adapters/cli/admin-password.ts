import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { Either, isLeft, right } from 'fp-ts/Either';
import { Folio } from '../../application/folio';
import { RequestContext } from '../../application/envelope';
import { DomainError } from '../../domain/errors';
import { writeFileAtomically } from '../../application/files';
import { locateData, withDataOptions } from './data-store';
import { LocalFlags, orFail, withLocalFolio } from './local-folio';

/** Where the first run leaves the generated admin password, readable by its owner only. */
export const ADMIN_PASSWORD_FILE = 'admin-password';

export const adminPasswordPath = (dataDir: string): string => join(dataDir, ADMIN_PASSWORD_FILE);

export const generateAdminPassword = (): string => randomBytes(18).toString('base64url');

export const writeAdminPassword = (dataDir: string, password: string): void =>
  writeFileAtomically(adminPasswordPath(dataDir), `${password}\n`, 0o600);

export const readAdminPassword = (dataDir: string): string | undefined => {
  const path = adminPasswordPath(dataDir);
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : undefined;
};

/**
 * A new admin password: recorded as AdminPasswordChanged (its hash only), then written to the data
 * folder's file — the file only once the event is durable, so it never holds a password that does
 * not open the server. What the first run and `folio admin-password reset` both do.
 */
export const issueAdminPassword = async (
  folio: Folio,
  context: RequestContext,
  dataDir: string,
): Promise<Either<DomainError, string>> => {
  const password = generateAdminPassword();
  const recorded = await folio.services.config.changeInternalAdminPassword(context, password);
  if (isLeft(recorded)) return recorded;
  writeAdminPassword(dataDir, password);
  return right(password);
};

/**
 * `folio admin-password reset`: a new admin password for a data folder, recorded as an
 * AdminPasswordChanged event like the first run's and written to the folder's admin-password file.
 * The way back in for a restored backup, which carries the password's hash but not the file.
 */
export const registerAdminPasswordCommands = (program: Command): void => {
  const adminPassword = program.command('admin-password').description('the built-in admin password');
  withDataOptions(
    adminPassword
      .command('reset')
      .description(`make a new admin password, write it to DATA/${ADMIN_PASSWORD_FILE} and print it once`),
  ).action((flags: LocalFlags) =>
    withLocalFolio(flags, 'admin-password reset', async (folio, context) => {
      const password = orFail(await issueAdminPassword(folio, context, locateData(flags).dataDir));
      process.stdout.write(`${password}\n`);
    }),
  );
};

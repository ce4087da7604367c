import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../../application/files';

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

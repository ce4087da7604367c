import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { createSelfSignedCertificate } from '../../adapters/tls/self-signed';

/**
 * A real OpenLDAP slapd for tests and the benchmark: its own folder under the system's temporary
 * folder (configuration, mdb database, pid file), loopback ports picked by binding port 0, no
 * system service and no path that needs root. Debian's slapd and ldap-utils provide the binaries
 * (.ci/run installs them). The entries are loaded with slapadd before the server starts.
 *
 * Active Directory is emulated with a small schema (AD_LIKE_SCHEMA): the attributes and object
 * classes a sync reads — sAMAccountName, userAccountControl, memberOf, objectCategory, department,
 * `user`, `group` — with the usual syntaxes. Unlike AD, memberOf is not computed: the LDIF sets it.
 */

const run = promisify(execFile);

export const SLAPD = process.env.FOLIO_SLAPD ?? '/usr/sbin/slapd';
export const SLAPADD = process.env.FOLIO_SLAPADD ?? '/usr/sbin/slapadd';
const SYSTEM_SCHEMA = '/etc/ldap/schema';
const MODULES = '/usr/lib/ldap';

export const SUFFIX = 'dc=example,dc=org';
export const ROOT_DN = `cn=admin,${SUFFIX}`;
export const ROOT_PASSWORD = 'root-secret';
/** The account a sync binds as: it may read, and the server's size limit applies to it (not to the root). */
export const SERVICE_DN = `cn=folio,ou=service,${SUFFIX}`;
export const SERVICE_PASSWORD = 'folio-secret';

export const slapdAvailable = (): boolean => existsSync(SLAPD) && existsSync(SLAPADD);

/** OIDs under OpenLDAP's arc for experiments (1.3.6.1.4.1.4203.666), which no real schema uses. */
const OID = '1.3.6.1.4.1.4203.666.11.977';
const STRING = '1.3.6.1.4.1.1466.115.121.1.15';

export const AD_LIKE_SCHEMA = `
attributetype ( ${OID}.1.1 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX ${STRING} SINGLE-VALUE )
attributetype ( ${OID}.1.2 NAME 'userAccountControl' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( ${OID}.1.3 NAME 'memberOf' EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )
attributetype ( ${OID}.1.4 NAME 'objectCategory' EQUALITY caseIgnoreMatch SYNTAX ${STRING} SINGLE-VALUE )
attributetype ( ${OID}.1.5 NAME 'department' EQUALITY caseIgnoreMatch SYNTAX ${STRING} SINGLE-VALUE )
objectclass ( ${OID}.2.1 NAME 'user' SUP inetOrgPerson STRUCTURAL MAY ( sAMAccountName $ userAccountControl $ memberOf $ objectCategory $ department $ homeDirectory ) )
objectclass ( ${OID}.2.2 NAME 'group' SUP top STRUCTURAL MUST cn MAY ( member $ memberOf $ objectCategory $ sAMAccountName $ description ) )
`;

/** The entries every test directory starts with: the suffix, the service account, the two trees. */
export const BASE_LDIF = `dn: ${SUFFIX}
objectClass: dcObject
objectClass: organization
dc: example
o: Example School

dn: ou=service,${SUFFIX}
objectClass: organizationalUnit
ou: service

dn: ${SERVICE_DN}
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: folio
userPassword: ${SERVICE_PASSWORD}

dn: ou=ad,${SUFFIX}
objectClass: organizationalUnit
ou: ad

dn: ou=posix,${SUFFIX}
objectClass: organizationalUnit
ou: posix
`;

export interface SlapdOptions {
  /** LDIF loaded after BASE_LDIF. */
  readonly ldif: string;
  /** The server's size limit for the service account (paged searches may still return everything). */
  readonly sizeLimit?: number;
  /** Also listen on ldaps:// and allow StartTLS, with a fresh self-signed certificate. */
  readonly tls?: boolean;
}

export interface Slapd {
  readonly url: string;
  /** ldaps:// URL when started with `tls`. */
  readonly secureUrl: string | undefined;
  /** The self-signed certificate (PEM) when started with `tls`: a client's CA file. */
  readonly certificate: string | undefined;
  readonly folder: string;
  /** Stops the server (SIGTERM) and waits for it; its database stays for `start`. */
  stop(): Promise<void>;
  /** Kills the server on the spot (SIGKILL), as a crash or a pulled cable would. */
  kill(): Promise<void>;
  /** Starts it again on the same ports and database. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  dispose(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

const accepting = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const configuration = (folder: string, options: SlapdOptions): string => {
  const limit = options.sizeLimit ?? 'unlimited';
  return [
    ...['core', 'cosine', 'nis', 'inetorgperson'].map((name) => `include ${SYSTEM_SCHEMA}/${name}.schema`),
    `include ${join(folder, 'ad-like.schema')}`,
    `modulepath ${MODULES}`,
    'moduleload back_mdb',
    `pidfile ${join(folder, 'slapd.pid')}`,
    `argsfile ${join(folder, 'slapd.args')}`,
    ...(options.tls === true
      ? [`TLSCertificateFile ${join(folder, 'cert.pem')}`, `TLSCertificateKeyFile ${join(folder, 'key.pem')}`]
      : []),
    'database mdb',
    'maxsize 1073741824',
    `suffix "${SUFFIX}"`,
    `rootdn "${ROOT_DN}"`,
    `rootpw ${ROOT_PASSWORD}`,
    `directory ${join(folder, 'db')}`,
    // The size limit of one search; a paged search may go on past it (prtotal), as Active Directory's MaxPageSize does.
    `limits dn.exact="${SERVICE_DN}" size.soft=${limit} size.hard=${limit} size.prtotal=unlimited`,
    'access to attrs=userPassword by anonymous auth by * none',
    `access to * by dn.exact="${SERVICE_DN}" read by * none`,
    '',
  ].join('\n');
};

export const startSlapd = async (options: SlapdOptions): Promise<Slapd> => {
  const folder = mkdtempSync(join(tmpdir(), 'folio-slapd-'));
  mkdirSync(join(folder, 'db'));
  writeFileSync(join(folder, 'ad-like.schema'), AD_LIKE_SCHEMA);
  let certificate: string | undefined;
  if (options.tls === true) {
    const pair = createSelfSignedCertificate({ hosts: ['localhost', '127.0.0.1'], days: 2 });
    writeFileSync(join(folder, 'cert.pem'), pair.certPem);
    writeFileSync(join(folder, 'key.pem'), pair.keyPem, { mode: 0o600 });
    certificate = pair.certPem;
  }
  const config = join(folder, 'slapd.conf');
  writeFileSync(config, configuration(folder, options));
  writeFileSync(join(folder, 'data.ldif'), `${BASE_LDIF}\n${options.ldif}`);
  // -q: quick load (no consistency checks) — the LDIF is generated, and 10,000 entries load in seconds.
  await run(SLAPADD, ['-q', '-f', config, '-l', join(folder, 'data.ldif')]);

  const port = await freePort();
  const securePort = options.tls === true ? await freePort() : undefined;
  const url = `ldap://127.0.0.1:${port}`;
  const secureUrl = securePort === undefined ? undefined : `ldaps://127.0.0.1:${securePort}`;
  let child: ChildProcess | null = null;
  let output = '';

  const start = async (): Promise<void> => {
    output = '';
    const listeners = [`${url}/`, ...(secureUrl === undefined ? [] : [`${secureUrl}/`])].join(' ');
    // -d 0: stay in the foreground (so the test owns the process) and log nothing.
    const started = spawn(SLAPD, ['-f', config, '-h', listeners, '-d', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child = started;
    for (let attempt = 0; attempt < 200; attempt += 1) {
      if (started.exitCode !== null) throw new Error(`slapd exited with ${started.exitCode}: ${output}`);
      if (await accepting(port)) return;
      await sleep(50);
    }
    throw new Error(`slapd did not start listening on ${url}: ${output}`);
  };

  const end = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    child = null;
    if (running === null || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(signal);
    await exited;
  };

  await start();
  return {
    url,
    secureUrl,
    certificate,
    folder,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    start,
    dispose: async () => {
      await end('SIGTERM');
      rmSync(folder, { recursive: true, force: true });
    },
  };
};

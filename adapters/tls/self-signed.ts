import { createHash, generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';
import {
  bitString,
  boolean,
  Der,
  explicit,
  implicitPrimitive,
  nullValue,
  octetString,
  oid,
  sequence,
  set,
  time,
  unsignedInteger,
  utf8String,
} from './der';

const OIDS = {
  sha256WithRsa: '1.2.840.113549.1.1.11',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extendedKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

export interface SelfSignedOptions {
  /** Host names and IP addresses the certificate is valid for; the first is also its common name. */
  readonly hosts: readonly string[];
  readonly days: number;
  readonly now?: Date;
}

export interface CertificatePair {
  readonly certPem: string;
  readonly keyPem: string;
}

export const DEFAULT_CERT_HOSTS = ['localhost', '127.0.0.1', '::1'] as const;

const extension = (id: string, critical: boolean, value: Der): Der =>
  sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));

/** IPv4 or IPv6 address bytes for a subjectAltName iPAddress entry. */
const addressBytes = (address: string): Buffer => {
  if (isIP(address) === 4) return Buffer.from(address.split('.').map(Number));
  const [head = '', tail = ''] = address.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const missing = 8 - groups(head).length - groups(tail).length;
  const all = address.includes('::')
    ? [...groups(head), ...Array<string>(missing).fill('0'), ...groups(tail)]
    : groups(address);
  return Buffer.concat(all.map((group) => Buffer.from(group.padStart(4, '0'), 'hex')));
};

const subjectAltName = (hosts: readonly string[]): Der =>
  sequence(
    ...hosts.map((host) =>
      isIP(host) === 0
        ? implicitPrimitive(2, Buffer.from(host, 'ascii'))
        : implicitPrimitive(7, addressBytes(host)),
    ),
  );

const pem = (label: string, der: Buffer): string =>
  `-----BEGIN ${label}-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;

/**
 * A self-signed server certificate (RSA 2048, SHA-256) for trials: valid for the given host names and
 * addresses (subjectAltName, which clients check — the common name is ignored by them), a leaf that
 * cannot sign other certificates (CA:FALSE), for server authentication only. Clients trust it by
 * trusting this very certificate.
 */
export const createSelfSignedCertificate = (options: SelfSignedOptions): CertificatePair => {
  if (options.hosts.length === 0) throw new Error('a certificate needs at least one host name or address');
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const keyId = createHash('sha1').update(subjectPublicKeyBits(publicKey)).digest();
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - 5 * 60_000);
  const notAfter = new Date(now.getTime() + options.days * 86_400_000);
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const algorithm = sequence(oid(OIDS.sha256WithRsa), nullValue());
  const name = sequence(set(sequence(oid(OIDS.commonName), utf8String(options.hosts[0] ?? 'localhost'))));
  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))),
    unsignedInteger(serial),
    algorithm,
    name,
    sequence(time(notBefore), time(notAfter)),
    name,
    spki,
    explicit(
      3,
      sequence(
        extension(OIDS.basicConstraints, true, sequence()),
        // digitalSignature (bit 0) and keyEncipherment (bit 2): 101xxxxx with 5 unused bits.
        extension(OIDS.keyUsage, true, bitString(Buffer.from([0xa0]), 5)),
        extension(OIDS.extendedKeyUsage, false, sequence(oid(OIDS.serverAuth))),
        extension(OIDS.subjectAltName, false, subjectAltName(options.hosts)),
        extension(OIDS.subjectKeyIdentifier, false, octetString(keyId)),
        extension(OIDS.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, keyId))),
      ),
    ),
  );
  const signature = sign('sha256', tbs, privateKey);
  const certificate = sequence(tbs, algorithm, bitString(signature));
  return {
    certPem: pem('CERTIFICATE', certificate),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
};

/** The key identifier is the SHA-1 of the public key's bits (RFC 5280 §4.2.1.2, method 1): the BIT STRING inside the SPKI. */
const subjectPublicKeyBits = (publicKey: KeyObject): Buffer =>
  publicKey.export({ type: 'pkcs1', format: 'der' });

import { BlockList, isIP } from 'node:net';

export const DEFAULT_ALLOWED_ADDRESSES = ['127.0.0.1', '::1'] as const;
/** Addresses whose verdict one allow-list remembers. */
const MAX_REMEMBERED_ADDRESSES = 4_096;

/** An IPv4 address seen through an IPv6 socket (::ffff:10.0.0.1) is checked as the IPv4 address. */
export const normalizeAddress = (address: string): string => {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
};

const prefixFromMask = (mask: string): number | null => {
  if (isIP(mask) !== 4) return null;
  const bits = mask
    .split('.')
    .map((octet) => Number(octet).toString(2).padStart(8, '0'))
    .join('');
  return /^1*0*$/.test(bits) ? (bits.indexOf('0') === -1 ? 32 : bits.indexOf('0')) : null;
};

export type AllowList = {
  readonly allows: (address: string) => boolean;
  readonly rejected: readonly string[];
};

/**
 * Parses the allow-list in the product's notation: comma-separated addresses, CIDR ranges
 * (10.0.0.0/8, fd00::/8) and address/mask pairs (192.168.1.0/255.255.255.0). Entries that do not
 * parse are reported, never silently widened.
 */
export const parseAllowList = (entries: readonly string[]): AllowList => {
  const list = new BlockList();
  const rejected: string[] = [];
  for (const raw of entries.flatMap((entry) => entry.split(','))) {
    const entry = raw.trim();
    if (entry === '') continue;
    const [address = '', suffix] = entry.split('/');
    const family = isIP(normalizeAddress(address));
    if (family === 0) {
      rejected.push(entry);
      continue;
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (suffix === undefined) {
      list.addAddress(normalizeAddress(address), type);
      continue;
    }
    const prefix = /^\d{1,3}$/.test(suffix) ? Number(suffix) : family === 4 ? prefixFromMask(suffix) : null;
    if (prefix === null || prefix > (family === 4 ? 32 : 128)) {
      rejected.push(entry);
      continue;
    }
    list.addSubnet(normalizeAddress(address), prefix, type);
  }
  // Every call checks its caller's address, and BlockList.check builds a SocketAddress each time: the
  // verdicts of this (immutable) list are remembered per address, up to a bound that a scan cannot grow past.
  const verdicts = new Map<string, boolean>();
  return {
    rejected,
    allows: (address) => {
      const known = verdicts.get(address);
      if (known !== undefined) return known;
      const normalized = normalizeAddress(address);
      const family = isIP(normalized);
      const verdict = family !== 0 && list.check(normalized, family === 4 ? 'ipv4' : 'ipv6');
      if (verdicts.size >= MAX_REMEMBERED_ADDRESSES) verdicts.clear();
      verdicts.set(address, verdict);
      return verdict;
    },
  };
};

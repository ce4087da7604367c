import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  sign,
  verify,
} from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { MerkleFrontier } from './merkle';

/**
 * A signed statement of what the log held: its size (events), Merkle root (see merkle.ts), last
 * position and event hash, and when. The block roots (the root of each run of blockSize events) are
 * signed too; they let a check name the first block that changed, and the first event when a block
 * is one event long (logs up to MAX_BLOCKS events).
 */
export interface Checkpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly size: number;
  readonly root: string;
  readonly lastPosition: number;
  readonly lastEventHash: string;
  readonly time: string;
  readonly blockSize: number;
  readonly blockRoots: readonly string[];
  /** SHA-256 of the signer's raw 32-byte public key, hex: which key to check the signature with. */
  readonly keyId: string;
  /** Ed25519 over signedText(checkpoint), base64. */
  readonly signature: string;
}

export const CHECKPOINT_FORMAT = 'folio-checkpoint/1';
export const MAX_BLOCKS = 256;
export const PRIVATE_KEY_FILE = 'checkpoint-key.pem';
export const PUBLIC_KEY_FILE = 'checkpoint-key.pub';
export const CHECKPOINT_DIR = 'checkpoints';

/** The bytes signed, one field a line, so a verifier in any language rebuilds them exactly. */
export const signedText = (c: Omit<Checkpoint, 'signature' | 'keyId'> & { keyId: string }): string =>
  [
    c.format,
    String(c.size),
    c.root,
    String(c.lastPosition),
    c.lastEventHash,
    c.time,
    String(c.blockSize),
    createHash('sha256').update(c.blockRoots.join('')).digest('hex'),
    c.keyId,
    '',
  ].join('\n');

/** The smallest power of two that splits `size` events into at most MAX_BLOCKS blocks. */
export const blockSizeFor = (size: number): number => {
  let block = 1;
  while (Math.ceil(size / block) > MAX_BLOCKS) block *= 2;
  return block;
};

/** Root, block roots and tail of the first `size` leaves, fed one event hash at a time. */
export class TreeAtSize {
  readonly whole: MerkleFrontier;
  readonly blockRoots: string[];
  private block: MerkleFrontier;

  constructor(
    readonly blockSize: number,
    resumed?: {
      readonly whole: MerkleFrontier;
      readonly blockRoots: string[];
      readonly block: MerkleFrontier;
    },
  ) {
    this.whole = resumed?.whole ?? new MerkleFrontier();
    this.blockRoots = resumed?.blockRoots ?? [];
    this.block = resumed?.block ?? new MerkleFrontier();
  }

  /** What resumes the tree later without its leaves; taken before finish(), which closes a partial block. */
  state(): TreeState {
    return {
      blockSize: this.blockSize,
      whole: this.whole.subtrees(),
      completeBlocks: [...this.blockRoots],
      partialBlock: this.block.subtrees(),
    };
  }

  /**
   * The tree a state describes, in blocks of `blockSize` (a power-of-two multiple of the state's, as
   * blockSizeFor gives for a log that grew): each run of complete blocks that fills a larger block is
   * one perfect subtree of them, and the rest start its partial block. Null when the sizes do not fit.
   */
  static resume(state: TreeState, blockSize: number): TreeAtSize | null {
    const factor = blockSize / state.blockSize;
    if (!Number.isInteger(factor) || factor < 1 || (factor & (factor - 1)) !== 0) return null;
    const blockRoots: string[] = [];
    let block = new MerkleFrontier();
    for (const root of state.completeBlocks) {
      block.appendSubtree(Buffer.from(root, 'hex'), state.blockSize);
      if (block.size === blockSize) {
        blockRoots.push(block.root());
        block = new MerkleFrontier();
      }
    }
    for (const subtree of state.partialBlock)
      block.appendSubtree(Buffer.from(subtree.hash, 'hex'), subtree.size);
    if (block.size >= blockSize) return null;
    return new TreeAtSize(blockSize, { whole: MerkleFrontier.fromSubtrees(state.whole), blockRoots, block });
  }

  append(eventHash: string): void {
    this.whole.append(eventHash);
    this.block.append(eventHash);
    if (this.block.size === this.blockSize) this.closeBlock();
  }

  finish(): void {
    if (this.block.size > 0) this.closeBlock();
  }

  private closeBlock(): void {
    this.blockRoots.push(this.block.root());
    this.block = new MerkleFrontier();
  }
}

/** A tree over a prefix of the log, without its leaves (TreeAtSize.state). */
export interface TreeState {
  readonly blockSize: number;
  readonly whole: readonly { readonly hash: string; readonly size: number }[];
  readonly completeBlocks: readonly string[];
  readonly partialBlock: readonly { readonly hash: string; readonly size: number }[];
}

export const rawPublicKey = (key: KeyObject): Buffer => {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x ?? '', 'base64url');
};

export const keyIdOf = (key: KeyObject): string =>
  createHash('sha256').update(rawPublicKey(key)).digest('hex');

/** The public key as an auditor keeps it: base64 of the raw 32 bytes, one line. */
export const publicKeyText = (key: KeyObject): string => rawPublicKey(key).toString('base64');

export const publicKeyFromText = (text: string): KeyObject => {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return createPublicKey(trimmed);
  const raw = Buffer.from(trimmed, 'base64');
  if (raw.length !== 32) throw new Error('a checkpoint public key is 32 bytes in base64 (or a PEM file)');
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
    format: 'jwk',
  });
};

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly created: boolean;
}

/** The data folder's checkpoint key pair, made on first use; the private key is readable by its owner only. */
export const ensureSigningKey = (dataDir: string): SigningKey => {
  const privatePath = join(dataDir, PRIVATE_KEY_FILE);
  const publicPath = join(dataDir, PUBLIC_KEY_FILE);
  if (existsSync(privatePath)) {
    const privateKey = createPrivateKey(readFileSync(privatePath));
    return { privateKey, publicKey: createPublicKey(privateKey), created: false };
  }
  const pair = generateKeyPairSync('ed25519');
  const pem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' });
  writeFileSync(`${privatePath}.tmp`, pem, { mode: 0o600 });
  chmodSync(`${privatePath}.tmp`, 0o600);
  renameSync(`${privatePath}.tmp`, privatePath);
  writeFileSync(publicPath, `${publicKeyText(pair.publicKey)}\n`);
  return { ...pair, created: true };
};

/** The data folder's public key, or null when no checkpoint was ever signed there. */
export const dataFolderPublicKey = (dataDir: string): KeyObject | null => {
  const publicPath = join(dataDir, PUBLIC_KEY_FILE);
  return existsSync(publicPath) ? publicKeyFromText(readFileSync(publicPath, 'utf8')) : null;
};

export interface TreeFacts {
  readonly size: number;
  readonly root: string;
  readonly lastPosition: number;
  readonly lastEventHash: string;
  readonly blockSize: number;
  readonly blockRoots: readonly string[];
}

export const signCheckpoint = (facts: TreeFacts, key: SigningKey, time: Date): Checkpoint => {
  const unsigned = {
    format: CHECKPOINT_FORMAT,
    ...facts,
    time: time.toISOString(),
    keyId: keyIdOf(key.publicKey),
  } as const;
  const signature = sign(null, Buffer.from(signedText(unsigned)), key.privateKey).toString('base64');
  return { ...unsigned, signature };
};

export const signatureHolds = (checkpoint: Checkpoint, publicKey: KeyObject): boolean => {
  try {
    return (
      checkpoint.keyId === keyIdOf(publicKey) &&
      verify(
        null,
        Buffer.from(signedText(checkpoint)),
        publicKey,
        Buffer.from(checkpoint.signature, 'base64'),
      )
    );
  } catch {
    return false;
  }
};

const isHex64 = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);

export const parseCheckpoint = (text: string): Checkpoint => {
  const value = JSON.parse(text) as Partial<Checkpoint>;
  const wellFormed =
    value.format === CHECKPOINT_FORMAT &&
    Number.isSafeInteger(value.size) &&
    isHex64(value.root) &&
    Number.isSafeInteger(value.lastPosition) &&
    typeof value.lastEventHash === 'string' &&
    typeof value.time === 'string' &&
    Number.isSafeInteger(value.blockSize) &&
    Array.isArray(value.blockRoots) &&
    value.blockRoots.every(isHex64) &&
    isHex64(value.keyId) &&
    typeof value.signature === 'string';
  if (!wellFormed) throw new Error(`not a ${CHECKPOINT_FORMAT} checkpoint`);
  return value as Checkpoint;
};

export const readCheckpointFile = (path: string): Checkpoint => parseCheckpoint(readFileSync(path, 'utf8'));

export const checkpointJson = (checkpoint: Checkpoint): string => `${JSON.stringify(checkpoint, null, 2)}\n`;

const fileName = (checkpoint: Checkpoint): string =>
  `checkpoint-${String(checkpoint.size).padStart(12, '0')}-${checkpoint.time.replace(/[:.]/g, '')}.json`;

/** Keeps a checkpoint in the data folder's checkpoints/ folder; returns its path. */
export const storeCheckpoint = (dataDir: string, checkpoint: Checkpoint): string => {
  const dir = join(dataDir, CHECKPOINT_DIR);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, fileName(checkpoint));
  writeFileSync(`${path}.tmp`, checkpointJson(checkpoint));
  renameSync(`${path}.tmp`, path);
  return path;
};

/** The newest checkpoint kept in the data folder, or null. */
export const latestStoredCheckpoint = (dataDir: string): { path: string; checkpoint: Checkpoint } | null => {
  const dir = join(dataDir, CHECKPOINT_DIR);
  if (!existsSync(dir)) return null;
  const names = readdirSync(dir)
    .filter((name) => name.startsWith('checkpoint-') && name.endsWith('.json'))
    .sort();
  const latest = names.at(-1);
  if (latest === undefined) return null;
  const path = join(dir, latest);
  return { path, checkpoint: readCheckpointFile(path) };
};

/** Signs a checkpoint of these tree facts with the data folder's key and keeps it in its checkpoints/ folder. */
export const signAndStoreCheckpoint = (
  dataDir: string,
  facts: TreeFacts,
  time: Date,
): { readonly checkpoint: Checkpoint; readonly path: string } => {
  const checkpoint = signCheckpoint(facts, ensureSigningKey(dataDir), time);
  return { checkpoint, path: storeCheckpoint(dataDir, checkpoint) };
};

/**
 * The signer a backup is given: it knows the tree facts of what it wrote, and its checkpoint is
 * kept in the data folder like every other.
 */
export const checkpointSignerFor =
  (dataDir: string, clock: () => Date = () => new Date()) =>
  (facts: TreeFacts): Checkpoint =>
    signAndStoreCheckpoint(dataDir, facts, clock()).checkpoint;

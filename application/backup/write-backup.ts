import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { canonicalJson } from '../../adapters/store/hash-chain';
import { EventStore } from '../../adapters/store/port';
import { blockSizeFor, Checkpoint, checkpointJson, TreeAtSize, TreeFacts } from '../audit/checkpoint';
import { createChainCheck } from './chain-check';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupManifest,
  backupFileName,
  EVENTS_ENTRY,
  CHECKPOINT_ENTRY,
  MANIFEST_ENTRY,
} from './format';

/** Events read from the store at a time; each page is a short read, so writers are never held up for long. */
const PAGE_SIZE = 2_000;

export interface BackupResult {
  readonly path: string;
  readonly manifest: BackupManifest;
  /** Size of the zip file. */
  readonly bytes: number;
  readonly durationMs: number;
  /** The signed checkpoint of exactly the events in the backup, when a signer was given. */
  readonly checkpoint: Checkpoint | null;
}

export class BackupError extends Error {}

const uniquePath = (directory: string, at: Date): string => {
  const name = backupFileName(at);
  let path = join(directory, name);
  for (let n = 2; existsSync(path); n += 1) path = join(directory, name.replace(/\.zip$/, `-${n}.zip`));
  return path;
};

const fsyncFile = async (path: string): Promise<number> => {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
    return (await handle.stat()).size;
  } finally {
    await handle.close();
  }
};

/**
 * Writes a backup of the log up to its head at the moment the backup starts. Writers go on while it
 * runs: later events are simply not in it. Every event's chain is checked as it is written, so a
 * backup is never taken of a log that does not verify. The zip appears under its final name only
 * once it is complete and on disk.
 */
export const writeBackup = async (options: {
  readonly store: EventStore;
  readonly directory: string;
  readonly clock: () => Date;
  readonly onProgress?: (events: number, of: number) => void;
  /**
   * Signs the Merkle facts of the events written (see audit/checkpoint.ts): the checkpoint goes
   * into the zip, so `folio verify --backup` can prove the live log still begins with the backup.
   */
  readonly signCheckpoint?: (facts: TreeFacts) => Checkpoint;
}): Promise<BackupResult> => {
  const started = performance.now();
  const createdAt = options.clock();
  const headPosition = await options.store.headPosition();
  mkdirSync(options.directory, { recursive: true, mode: 0o750 });
  const path = uniquePath(options.directory, createdAt);
  const partial = `${path}.partial`;

  const zip = new ZipFile();
  const output = createWriteStream(partial, { mode: 0o640 });
  zip.outputStream.pipe(output);
  const events = new PassThrough();
  zip.addReadStream(events, EVENTS_ENTRY, { mtime: createdAt, compress: true });

  const sha256 = createHash('sha256');
  const chain = createChainCheck();
  const tree = new TreeAtSize(blockSizeFor(headPosition));
  let lastHash = '';
  let bytes = 0;
  const write = async (text: string): Promise<void> => {
    const chunk = Buffer.from(text, 'utf8');
    sha256.update(chunk);
    bytes += chunk.length;
    if (!events.write(chunk)) await new Promise((resolve) => events.once('drain', resolve));
  };

  try {
    let after = 0;
    while (after < headPosition) {
      const page = await options.store.readAll(after, PAGE_SIZE);
      if (page.length === 0) break;
      const lines: string[] = [];
      for (const event of page) {
        if (event.position > headPosition) break;
        const problem = chain.check(event);
        if (problem !== null) throw new BackupError(`the event log does not verify: ${problem}`);
        tree.append(event.hash);
        lastHash = event.hash;
        lines.push(
          canonicalJson({
            position: event.position,
            eventId: event.eventId,
            stream: event.stream,
            revision: event.revision,
            type: event.type,
            version: event.version,
            recordedAt: event.recordedAt,
            data: event.data,
            metadata: event.metadata,
            previousHash: event.previousHash,
            hash: event.hash,
          }) + '\n',
        );
        after = event.position;
      }
      await write(lines.join(''));
      options.onProgress?.(chain.events(), headPosition);
      if (page[page.length - 1]?.position !== after) break;
    }
    events.end();
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: createdAt.toISOString(),
      headPosition: chain.lastPosition(),
      events: chain.events(),
      streams: chain.streams(),
      eventsBytes: bytes,
      eventsSha256: sha256.digest('hex'),
      chainDigest: chain.chainDigest(),
    };
    zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8'), MANIFEST_ENTRY, {
      mtime: createdAt,
    });
    tree.finish();
    const checkpoint =
      options.signCheckpoint?.({
        size: tree.whole.size,
        root: tree.whole.root(),
        lastPosition: chain.lastPosition(),
        lastEventHash: lastHash,
        blockSize: tree.blockSize,
        blockRoots: tree.blockRoots,
      }) ?? null;
    if (checkpoint !== null)
      zip.addBuffer(Buffer.from(checkpointJson(checkpoint), 'utf8'), CHECKPOINT_ENTRY, { mtime: createdAt });
    zip.end();
    await finished(output);
    const size = await fsyncFile(partial);
    renameSync(partial, path);
    return { path, manifest, bytes: size, durationMs: performance.now() - started, checkpoint };
  } catch (error) {
    events.destroy();
    output.destroy();
    rmSync(partial, { force: true });
    throw error;
  }
};

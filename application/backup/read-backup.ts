import { PathReporter } from 'io-ts/PathReporter';
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Readable, Transform } from 'node:stream';
import { Entry, open, ZipFile } from 'yauzl';
import { RecordedEvent } from '../../adapters/store/port';
import { decodeRecorded } from '../envelope';
import { createChainCheck } from './chain-check';
import { Checkpoint, parseCheckpoint } from '../audit/checkpoint';
import { BackupEvent, BackupManifest, CHECKPOINT_ENTRY, EVENTS_ENTRY, MANIFEST_ENTRY } from './format';

/** Problems kept in a report; past this the backup is plainly unusable. */
const MAX_PROBLEMS = 20;

export interface BackupCheck {
  readonly ok: boolean;
  readonly manifest: BackupManifest | null;
  readonly events: number;
  readonly streams: number;
  readonly problems: readonly string[];
}

const openZip = (path: string): Promise<ZipFile> =>
  new Promise((resolve, reject) =>
    open(path, { lazyEntries: true, autoClose: false }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    ),
  );

const entriesOf = (zip: ZipFile): Promise<Map<string, Entry>> =>
  new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>();
    zip.on('entry', (entry: Entry) => {
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });

const streamOf = (zip: ZipFile, entry: Entry): Promise<Readable> =>
  new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))),
  );

const readAll = async (stream: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/**
 * Reads a backup and checks everything it claims: the manifest's form, every event's form and
 * codec, every stream's hash chain, the counts, the byte digest and the chain digest. `onEvent`
 * sees each event once it has passed its own checks (the restore writes them); the digests can
 * only be judged at the end, so a restore checks a backup whole before it writes anything.
 */
export const readBackup = async (
  path: string,
  onEvent?: (event: RecordedEvent) => Promise<void>,
): Promise<BackupCheck> => {
  const problems: string[] = [];
  const problem = (text: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(text);
  };
  let zip: ZipFile;
  try {
    zip = await openZip(path);
  } catch (error) {
    return {
      ok: false,
      manifest: null,
      events: 0,
      streams: 0,
      problems: [`not a readable zip: ${(error as Error).message}`],
    };
  }
  try {
    const entries = await entriesOf(zip);
    const manifestEntry = entries.get(MANIFEST_ENTRY);
    const eventsEntry = entries.get(EVENTS_ENTRY);
    if (manifestEntry === undefined || eventsEntry === undefined)
      return {
        ok: false,
        manifest: null,
        events: 0,
        streams: 0,
        problems: [`a Folio backup holds ${MANIFEST_ENTRY} and ${EVENTS_ENTRY}; this zip does not`],
      };
    let manifest: BackupManifest | null = null;
    try {
      const decoded = BackupManifest.decode(
        JSON.parse((await readAll(await streamOf(zip, manifestEntry))).toString('utf8')),
      );
      if (decoded._tag === 'Left')
        problem(`the manifest is not a Folio backup manifest: ${PathReporter.report(decoded).join('; ')}`);
      else manifest = decoded.right;
    } catch (error) {
      problem(`the manifest cannot be read: ${(error as Error).message}`);
    }
    if (manifest === null) return { ok: false, manifest, events: 0, streams: 0, problems };

    const sha256 = createHash('sha256');
    let bytes = 0;
    const counting = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        sha256.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    const lines = createInterface({
      input: (await streamOf(zip, eventsEntry)).pipe(counting),
      crlfDelay: Infinity,
    });
    const chain = createChainCheck();
    let lineNumber = 0;
    for await (const line of lines) {
      lineNumber += 1;
      if (problems.length >= MAX_PROBLEMS) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        problem(`${EVENTS_ENTRY} line ${lineNumber} is not JSON`);
        continue;
      }
      const shaped = BackupEvent.decode(parsed);
      if (shaped._tag === 'Left') {
        problem(`${EVENTS_ENTRY} line ${lineNumber} is not a recorded event`);
        continue;
      }
      const event = shaped.right as RecordedEvent;
      const broken = chain.check(event);
      if (broken !== null) {
        problem(broken);
        continue;
      }
      const decoded = decodeRecorded(event);
      if (decoded._tag === 'Left') {
        problem(decoded.left.message);
        continue;
      }
      if (event.position > manifest.headPosition)
        problem(`event at position ${event.position} is beyond the manifest's head ${manifest.headPosition}`);
      else if (onEvent !== undefined && problems.length === 0) await onEvent(event);
    }
    const expect = (what: string, actual: string | number, expected: string | number) => {
      if (actual !== expected) problem(`${what}: the manifest says ${expected}, the backup holds ${actual}`);
    };
    expect('events', chain.events(), manifest.events);
    expect('streams', chain.streams(), manifest.streams);
    expect(`bytes of ${EVENTS_ENTRY}`, bytes, manifest.eventsBytes);
    expect(`SHA-256 of ${EVENTS_ENTRY}`, sha256.digest('hex'), manifest.eventsSha256);
    expect('chain digest', chain.chainDigest(), manifest.chainDigest);
    return {
      ok: problems.length === 0,
      manifest,
      events: chain.events(),
      streams: chain.streams(),
      problems,
    };
  } finally {
    zip.close();
  }
};

/** The signed checkpoint a backup carries, or null for a backup written before backups carried one. */
export const readBackupCheckpoint = async (path: string): Promise<Checkpoint | null> => {
  const zip = await openZip(path);
  try {
    const entry = (await entriesOf(zip)).get(CHECKPOINT_ENTRY);
    return entry === undefined
      ? null
      : parseCheckpoint((await readAll(await streamOf(zip, entry))).toString('utf8'));
  } finally {
    zip.close();
  }
};

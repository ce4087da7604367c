import { readFileSync } from 'node:fs';
import { KeyObject } from 'node:crypto';
import {
  checkpointJson,
  dataFolderPublicKey,
  latestStoredCheckpoint,
  publicKeyFromText,
  publicKeyText,
  readCheckpointFile,
} from '../../application/audit/checkpoint';
import {
  createLogOrderCheck,
  LogOrderPass,
  LogOrderReport,
  signLogCheckpoint,
} from '../../application/audit/log-proofs';
import { inclusionPath, leafHash } from '../../application/audit/merkle';
import { forEachRecorded } from '../../application/audit/log';
import { RecordedEvent } from '../store/port';
import { EXIT } from './exit-codes';
import { DataFlags, openData } from './data-store';

export interface CheckpointFlags extends DataFlags {
  readonly json?: boolean;
  readonly new?: boolean;
}

/** `folio checkpoint`: the latest signed checkpoint (with --new, one signed now). */
export const checkpointCommand = async (flags: CheckpointFlags): Promise<void> => {
  const { store, dataDir } = openData(flags);
  try {
    const found =
      flags.new === true ? await signLogCheckpoint(store, dataDir) : latestStoredCheckpoint(dataDir);
    if (found === null) throw new Error(`no checkpoint in ${dataDir} yet: folio checkpoint --new signs one`);
    const publicKey = dataFolderPublicKey(dataDir);
    if (flags.json === true) process.stdout.write(checkpointJson(found.checkpoint));
    else
      process.stdout.write(
        [
          `checkpoint ${found.path}`,
          `  size        ${found.checkpoint.size} events, to position ${found.checkpoint.lastPosition}`,
          `  root        ${found.checkpoint.root}`,
          `  time        ${found.checkpoint.time}`,
          `  public key  ${publicKey === null ? '(none)' : publicKeyText(publicKey)}`,
          '  keep a copy of this file and of the public key away from this server;',
          `  later: folio verify --checkpoint COPY --public-key KEYFILE`,
          '',
        ].join('\n'),
      );
  } finally {
    await store.close();
  }
};

export const loadPublicKey = (
  file: string | undefined,
  dataDir: string,
): { key: KeyObject | null; source: string } =>
  file === undefined
    ? {
        key: dataFolderPublicKey(dataDir),
        source: 'the data folder (pass --public-key with your own copy: a key beside the log proves little)',
      }
    : { key: publicKeyFromText(readFileSync(file, 'utf8')), source: file };

export interface LogOrderFlags {
  readonly checkpoint?: string;
  readonly publicKey?: string;
  readonly clockSkew?: string;
}

/** The log-order checks verify adds to its own, fed from its pass and printed after it. */
export const logOrderCheckFor = (
  location: { dataDir: string; storeSetting: string },
  flags: LogOrderFlags,
): LogOrderPass => {
  const checkpoint = flags.checkpoint === undefined ? undefined : readCheckpointFile(flags.checkpoint);
  const { key, source } = loadPublicKey(flags.publicKey, location.dataDir);
  return createLogOrderCheck({
    publicKey: key,
    publicKeySource: source,
    contiguousPositions: location.storeSetting === 'sqlite',
    ...(checkpoint === undefined ? {} : { checkpoint }),
    ...(flags.clockSkew === undefined ? {} : { clockSkewMs: Number(flags.clockSkew) }),
  });
};

export const logOrderText = (report: LogOrderReport): string => {
  const lines = [
    ...report.compared.map((line) => `  compared      ${line}`),
    ...report.notCompared.map((line) => `  NOT compared  ${line}`),
  ];
  const first = report.problems[0];
  if (first !== undefined) {
    lines.push(
      '',
      `FAILED: ${first.position === null ? '' : `first bad position ${first.position} — `}${first.check}: ${first.detail}`,
    );
    for (const problem of report.problems.slice(1))
      lines.push(
        `  ${problem.position === null ? '' : `position ${problem.position} — `}${problem.check}: ${problem.detail}`,
      );
  }
  return `${lines.join('\n')}\n`;
};

export interface ProveFlags extends DataFlags {
  readonly checkpoint: string;
}

const transferIdsOf = (recorded: RecordedEvent): string[] => {
  const data = recorded.data as Record<string, unknown> | null;
  if (data === null || typeof data !== 'object') return [];
  return ['transferId', 'correctingTransferId', 'reversalTransferId']
    .map((name) => data[name])
    .filter((value): value is string => typeof value === 'string');
};

/**
 * `folio prove TRANSFER_ID --checkpoint FILE`: the event that booked the transfer, everything its
 * hash covers, and its Merkle audit path to the checkpoint's root, as JSON for tools/verify-log.py.
 */
export const prove = async (transferId: string, flags: ProveFlags): Promise<void> => {
  const checkpoint = readCheckpointFile(flags.checkpoint);
  const { store } = openData(flags);
  try {
    const leaves: Buffer[] = [];
    let found: { index: number; event: RecordedEvent } | undefined;
    await forEachRecorded(store, (recorded) => {
      if (leaves.length >= checkpoint.size) return false;
      if (found === undefined && transferIdsOf(recorded).includes(transferId))
        found = { index: leaves.length, event: recorded };
      leaves.push(leafHash(recorded.hash));
      return true;
    });
    if (found === undefined) {
      process.stderr.write(
        `folio: no transfer ${transferId} among the ${leaves.length} events the checkpoint covers\n`,
      );
      process.exitCode = EXIT.verification;
      return;
    }
    if (leaves.length < checkpoint.size)
      throw new Error(
        `the log holds fewer events than the checkpoint's ${checkpoint.size}: folio verify --checkpoint`,
      );
    const { event, index } = found;
    const proof = {
      format: 'folio-inclusion-proof/1',
      transferId,
      leafIndex: index,
      treeSize: checkpoint.size,
      event: {
        position: event.position,
        previousHash: event.previousHash,
        eventId: event.eventId,
        stream: event.stream,
        revision: event.revision,
        type: event.type,
        version: event.version,
        recordedAt: event.recordedAt,
        data: event.data,
        metadata: event.metadata,
        hash: event.hash,
      },
      auditPath: inclusionPath(leaves, index),
      checkpoint,
    };
    process.stdout.write(`${JSON.stringify(proof, null, 2)}\n`);
  } finally {
    await store.close();
  }
};

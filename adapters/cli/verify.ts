import { formatMoney } from '../../domain/money';
import { DigestExpectation, EventProblem, verifyLog, VerifyReport } from '../../application/audit/verify';
import { DataFlags, openData } from './data-store';
import { EXIT } from './exit-codes';
import { createProgress } from './progress';
import { checkStoreHead } from './verify-store-head';
import { openPostingsCheck } from './verify-postings';
import { LogOrderFlags, logOrderCheckFor, logOrderText } from './log-proofs';

export interface VerifyFlags extends DataFlags, LogOrderFlags {
  readonly expect?: string;
  readonly format?: string;
  readonly progress?: boolean;
}

const parseExpectation = (text: string): DigestExpectation => {
  const match = /^([0-9a-f]{64})@(\d+)$/i.exec(text.trim());
  if (match === null)
    throw new Error(`--expect takes DIGEST@POSITION (64 hex digits, @, a log position), not '${text}'`);
  return { digest: (match[1] ?? '').toLowerCase(), position: Number(match[2]) };
};

export const describeProblem = (problem: EventProblem): string =>
  `position ${problem.position}, stream ${problem.stream}, revision ${problem.revision}` +
  `${problem.type === '' ? '' : ` (${problem.type}${problem.eventId === '' ? '' : ` ${problem.eventId}`})`}` +
  ` — ${problem.check}: ${problem.detail}`;

const summary = (report: VerifyReport, otherChecksOk: boolean): string => {
  const lines = [
    `${report.events} events in ${report.streams} streams, up to position ${report.headPosition}, checked in ${(report.durationMs / 1000).toFixed(1)} s`,
    `  hash chains   ${report.problems.some((p) => ['readable', 'hash', 'chain', 'revision'].includes(p.check)) ? 'BROKEN' : 'every hash recomputed and linked to its predecessor'}`,
    `  codecs        ${report.problems.some((p) => p.check === 'decode') ? 'SOME EVENTS DO NOT DECODE' : 'every event decodes'}`,
    `  ledger        ${report.transfers} transfers over ${report.ledgerAccounts} accounts; trial balance ${formatMoney(report.trialBalance)}${report.problems.some((p) => p.check === 'balance' || p.check === 'trial-balance') ? ' — NOT ZERO AT EVERY POSITION' : ', zero after every event'}`,
    `  read models   ${report.readModels.ok ? (report.readModels.against === 'snapshot' ? '' : 'NOT COMPARED: ') : 'MISMATCH: '}${report.readModels.detail}`,
    `  balances      ${report.balances.ok ? '' : 'MISMATCH: '}${report.balances.detail}`,
    `  log digest    ${report.logDigest} at position ${report.headPosition}`,
  ];
  // A digest of a log that failed any check (its own or the checkpoint's, time order, gaps, the
  // ledger head) is no anchor: suggesting to keep it would launder the tampering.
  if (report.ok && otherChecksOk)
    lines.push(
      `                (keep it with the backup; later: folio verify --expect ${report.logDigest}@${report.headPosition})`,
    );
  const first = report.problems[0];
  if (first !== undefined) {
    lines.push('', `FAILED: first offending event: ${describeProblem(first)}`);
    if (report.problemCount > 1) {
      lines.push(`${report.problemCount} problems in all; the first ${report.problems.length}:`);
      for (const problem of report.problems) lines.push(`  ${describeProblem(problem)}`);
    }
  } else if (!report.ok)
    lines.push('', 'FAILED: the read models or balances do not match the log (see above)');
  else if (otherChecksOk)
    lines.push('', 'OK: every check above passed (see below for what was and was not compared)');
  else lines.push('', 'the checks above passed; those below did not');
  return `${lines.join('\n')}\n`;
};

const reportJson = (report: VerifyReport & { readonly ledgerHead?: unknown }): string =>
  `${JSON.stringify({ ...report, trialBalance: formatMoney(report.trialBalance) }, null, 2)}\n`;

/** `folio verify`: exit 0 when the log and everything derived from it check out, EXIT.verification (6) otherwise. */
export const verify = async (flags: VerifyFlags): Promise<void> => {
  const expect = flags.expect === undefined ? undefined : parseExpectation(flags.expect);
  const { store, snapshotPath, dataDir, storeSetting } = openData(flags);
  const progress = createProgress('verify', flags.progress !== false);
  try {
    // One pass over the log feeds every check: reading it is most of verify's cost.
    const orderCheck = logOrderCheckFor({ dataDir, storeSetting }, flags);
    const postingsCheck = openPostingsCheck(dataDir, storeSetting);
    const report = await verifyLog({
      store,
      snapshotPath,
      onProgress: progress.update,
      alongside: postingsCheck.observer === null ? [orderCheck] : [orderCheck, postingsCheck.observer],
      ...(expect === undefined ? {} : { expect }),
    });
    progress.stop();
    const head = checkStoreHead(dataDir, store);
    const order = orderCheck.finish();
    const postings = await postingsCheck.finish(store);
    const json = reportJson(head === null ? report : { ...report, ledgerHead: head });
    process.stdout.write(
      flags.format === 'json'
        ? json.replace(/\n}\n$/, `,\n  "logOrder": ${JSON.stringify(order)}\n}\n`)
        : `${summary(report, order.ok && head?.ok !== false && postings.ok)}${head?.line ?? ''}${postings.line}${logOrderText(order)}`,
    );
    if (!report.ok || !order.ok || head?.ok === false || !postings.ok) process.exitCode = EXIT.verification;
  } finally {
    progress.stop();
    await store.close();
  }
};

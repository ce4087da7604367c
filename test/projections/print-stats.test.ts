import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventEnvelope } from '../../domain/envelope';
import { DomainEvent } from '../../domain/events';
import { PrintJob } from '../../domain/jobs/events';
import { createPrintStatsReadModel } from '../../projections/print-stats';

const job = (printerId: string, totalPages: number, copies: number): PrintJob => ({
  jobId: 'j',
  printerId,
  printer: 'srv\\p',
  printedAt: '',
  totalPages,
  colorPages: 0,
  copies,
  pageCount: totalPages * copies,
  duplex: false,
  documentName: '',
  paperSizeName: '',
  paperWidthMm: '',
  paperHeightMm: '',
  documentSizeKb: 0,
  invoice: '',
  comment: '',
  clientMachine: '',
  clientIp: '',
  costSource: 'job',
  ignoredFields: [],
});
const transfer = {
  transferId: 't',
  amount: 0n,
  balanceAfter: 0n,
  counterAccount: 'system:print-revenue:p',
  cause: 'print-charge' as const,
  comment: '',
};

let position = 0;
const envelope = (event: DomainEvent): EventEnvelope => ({
  event,
  eventId: `e-${++position}`,
  stream: 's',
  revision: 0,
  position,
  recordedAt: '2025-03-01T10:00:00.000Z',
  metadata: { actor: 't', method: 't', correlationId: 'c' },
});

const feed = (events: readonly DomainEvent[]) => {
  const model = createPrintStatsReadModel();
  for (const event of events) model.apply(envelope(event));
  return model;
};

describe('print-stats read model', () => {
  const events: DomainEvent[] = [
    { type: 'PrintJobCharged', data: { userId: 'u1', account: '', job: job('p1', 3, 2), ...transfer } },
    {
      type: 'SharedAccountPrintJobCharged',
      data: { accountId: 's1', userId: 'u1', job: job('p2', 5, 1), ...transfer },
    },
    { type: 'PrintJobCharged', data: { userId: 'u2', account: '', job: job('p1', 1, 1), ...transfer } },
    {
      type: 'PrintJobRefused',
      data: {
        userId: 'u2',
        job: job('p1', 100, 1),
        cost: 0n,
        sharedAccountId: '',
        reason: 'printer-disabled',
        detail: '',
      },
    },
  ];

  it('counts a job and its pages × copies for the user and the printer, whatever account paid', () => {
    const model = feed(events);
    assert.deepEqual(model.ofUser('u1'), { jobCount: 2, pageCount: 11 });
    assert.deepEqual(model.ofUser('u2'), { jobCount: 1, pageCount: 1 });
    assert.deepEqual(model.ofPrinter('p1'), { jobCount: 2, pageCount: 7 });
    assert.deepEqual(model.ofPrinter('p2'), { jobCount: 1, pageCount: 5 });
    assert.deepEqual(model.ofUser('nobody'), { jobCount: 0, pageCount: 0 });
  });

  it('a user reset zeroes that user only; a printer reset that printer only; counting goes on after', () => {
    const model = feed([
      ...events,
      {
        type: 'UserCountsReset',
        data: { userId: 'u1', resetBy: 'a', jobCountBefore: 2, pageCountBefore: 11 },
      },
      {
        type: 'PrinterCountsReset',
        data: { printerId: 'p1', resetBy: 'a', jobCountBefore: 2, pageCountBefore: 7 },
      },
      { type: 'PrintJobCharged', data: { userId: 'u1', account: '', job: job('p1', 2, 1), ...transfer } },
    ]);
    assert.deepEqual(model.ofUser('u1'), { jobCount: 1, pageCount: 2 });
    assert.deepEqual(model.ofUser('u2'), { jobCount: 1, pageCount: 1 });
    assert.deepEqual(model.ofPrinter('p1'), { jobCount: 1, pageCount: 2 });
    assert.deepEqual(model.ofPrinter('p2'), { jobCount: 1, pageCount: 5 });
  });

  it('a snapshot restores to the same counts and the same snapshot', () => {
    const model = feed(events);
    const copy = createPrintStatsReadModel();
    copy.restore(JSON.parse(JSON.stringify(model.snapshot())));
    assert.deepEqual(copy.snapshot(), model.snapshot());
    assert.deepEqual(copy.ofPrinter('p1'), model.ofPrinter('p1'));
  });
});

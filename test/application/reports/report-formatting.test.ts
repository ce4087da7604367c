import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryEventStore } from '../../../adapters/store/memory';
import { logSource } from '../../../application/reports/ledger-source';
import { buildReconciliation } from '../../../application/reports/reconciliation';
import { reconciliationHtml } from '../../../application/reports/render-html';
import { reconciliationCsv } from '../../../application/reports/render-csv';
import { END, START } from '../../../projections/ledger/bounds';
import { decimalsFor, moneyText } from '../../../application/reports/money-text';
import { labelStride, niceTicks } from '../../../application/reports/svg-charts';

describe('report money text', () => {
  it('groups thousands and keeps 2 decimals for whole cents', () => {
    assert.equal(decimalsFor([1_234_567_890_000n, -50_000n]), 2);
    assert.equal(moneyText(1_234_567_890_000n, 2), '1,234,567.89');
    assert.equal(moneyText(-50_000n, 2), '-0.05');
    assert.equal(moneyText(0n, 2), '0.00');
  });
  it('switches the whole report to 6 decimals when one amount is not a whole cent', () => {
    assert.equal(decimalsFor([10_000n, 1n]), 6);
    assert.equal(moneyText(1_000_000_001n, 6), '1,000.000001');
  });
});

describe('chart axes', () => {
  it('chooses several round, evenly spaced ticks that cover the range', () => {
    const ticks = niceTicks(-17.3, 52.1);
    assert.ok(ticks.length >= 4);
    assert.ok(ticks[0]! <= -17.3 && ticks[ticks.length - 1]! >= 52.1);
    assert.deepEqual(ticks, [-20, 0, 20, 40, 60]);
  });
  it('draws at most the wanted number of labels and leaves each its room', () => {
    assert.equal(labelStride(366, 1.7, 16, 10), 37);
    assert.equal(labelStride(5, 100, 16, 10), 1);
  });
});

/** A checkpoint as report data carries it (the renderers only print it). */
const SIGNED = {
  size: 42,
  root: 'ab12',
  lastPosition: 41,
  time: '2026-12-02T00:00:00Z',
  keyId: 'k1',
  signature: 'sig',
  coversReport: true,
};

describe('the checkpoint line', () => {
  it('prints the signed checkpoint when the report data carries one, and nothing otherwise', async () => {
    const report = await buildReconciliation(logSource(createMemoryEventStore()), {
      period: { from: START, to: END },
      now: new Date(0),
    });
    assert.doesNotMatch(reconciliationHtml(report), /checkpoint/);
    const withCheckpoint = { ...report, checkpoint: SIGNED };
    assert.match(
      reconciliationHtml(withCheckpoint),
      /signed log checkpoint: 42 events, root hash <code>ab12<\/code>/,
    );
  });

  it('ends the CSV with a checkpoint row whose figures are empty, and adds no row without one', async () => {
    const report = await buildReconciliation(logSource(createMemoryEventStore()), {
      period: { from: START, to: END },
      now: new Date(0),
    });
    const plain = reconciliationCsv(report).trim().split('\r\n');
    assert.doesNotMatch(plain.join('\n'), /checkpoint/);
    const lines = reconciliationCsv({ ...report, checkpoint: SIGNED })
      .trim()
      .split('\r\n');
    assert.equal(lines.length, plain.length + 1);
    const header = lines[0]?.split(',') ?? [];
    const last = lines.at(-1)?.split(',') ?? [];
    assert.equal(last.length, header.length);
    assert.equal(last[header.indexOf('kind')], 'checkpoint');
    assert.match(
      last[header.indexOf('name')] ?? '',
      /^size=42 root=ab12 last_position=41 key=k1 signature=sig covers_report=true$/,
    );
    assert.equal(last[header.indexOf('closing')], '', 'nothing a spreadsheet would add up');
  });
});

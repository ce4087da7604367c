import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importLineCommands, parsePrinterImport } from '../../../domain/printers/import';

describe('printer import file', () => {
  it('reads every column; empty or missing columns leave a setting unchanged', () => {
    const parsed = parsePrinterImport(
      ['srv\tLab-1\t0.10\tLibrary,Staff\tY\t0.02\t0.01', 'srv\tLab-2', 'srv\tLab-3\t\t\tN', ''].join('\n'),
    );
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.lines, [
      {
        line: 1,
        server: 'srv',
        printer: 'Lab-1',
        changes: {
          costPerPage: 100_000n,
          grayscaleDiscount: 20_000n,
          duplexDiscount: 10_000n,
          groups: ['Library', 'Staff'],
          disabled: true,
        },
      },
      { line: 2, server: 'srv', printer: 'Lab-2', changes: {} },
      { line: 3, server: 'srv', printer: 'Lab-3', changes: { disabled: false } },
    ]);
  });

  it('skips blank lines and # lines (headers, comments), counts them for line numbers, accepts CRLF', () => {
    const parsed = parsePrinterImport('# server\tprinter\tcost\r\n\r\n  \nsrv\tA\t1\r\n');
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.lines, [
      { line: 4, server: 'srv', printer: 'A', changes: { costPerPage: 1_000_000n } },
    ]);
  });

  it('reports every bad line by its number and keeps the good ones', () => {
    const parsed = parsePrinterImport(
      [
        'srv\tgood-1\t0.05',
        'srv',
        'a\\b\tp',
        'srv\tp2\tcheap',
        'srv\tp3\t-1',
        'srv\tp4\t\t\tmaybe',
        'srv\tp5\t\ta,,b\t\t-0.5',
        'srv\tp6\t1\t\t\t\t\textra',
        'SRV\tGOOD-1',
        'srv\t[All Printers]',
        'srv\tgood-2',
      ].join('\n'),
    );
    assert.deepEqual(
      parsed.lines.map((line) => `${line.line}:${line.printer}`),
      ['1:good-1', '11:good-2'],
    );
    assert.deepEqual(
      parsed.problems.map((problem) => problem.line),
      [2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    const byLine = new Map(parsed.problems.map((problem) => [problem.line, problem.problem]));
    assert.match(byLine.get(2) ?? '', /printer name '' is not valid: it is empty/);
    assert.match(byLine.get(3) ?? '', /printer name 'a\\b' is not valid/);
    assert.match(byLine.get(4) ?? '', /'cheap' is not valid for cost per page/);
    assert.match(
      byLine.get(5) ?? '',
      /'-1' is not valid for cost per page: expected an amount of zero or more/,
    );
    assert.match(byLine.get(6) ?? '', /disabled must be Y, N or empty, not 'maybe'/);
    assert.match(byLine.get(7) ?? '', /'-0.5' is not valid for grayscale discount/);
    assert.match(byLine.get(8) ?? '', /it has 8 columns; at most 7/);
    assert.match(byLine.get(9) ?? '', /the printer SRV\\GOOD-1 is already on line 1/);
    assert.match(byLine.get(10) ?? '', /\[All Printers\]/);
  });

  it('a line becomes registration (for a new printer) and its changes, in a fixed order', () => {
    assert.deepEqual(
      importLineCommands(
        { costPerPage: 5n, duplexDiscount: 1n, groups: ['g'], disabled: true },
        { printerId: 'p', server: 's', printer: 'x' },
      ),
      [
        { kind: 'RegisterPrinter', printerId: 'p', server: 's', printer: 'x', source: 'import' },
        { kind: 'SetSimpleCost', costPerPage: 5n, duplexDiscount: 1n },
        { kind: 'SetPrinterGroups', groups: ['g'] },
        { kind: 'DisablePrinter', until: '' },
      ],
    );
    assert.deepEqual(importLineCommands({ disabled: false }, null), [{ kind: 'EnablePrinter' }]);
    assert.deepEqual(importLineCommands({}, null), []);
  });
});

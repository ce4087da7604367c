import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isLeft, isRight } from 'fp-ts/Either';
import { splitCsvPairs } from '../../../domain/jobs/csv-pairs';
import { JobDetails, parseJobDetails } from '../../../domain/jobs/job-details';
import { checkProperty } from '../../support/property';

const parsed = (text: string): JobDetails => {
  const result = parseJobDetails(text);
  if (isLeft(result)) assert.fail(`expected job details, got ${JSON.stringify(result.left)}`);
  return result.right;
};

/** The problem text of a refused job, to check that it names what is wrong. */
const problem = (text: string): string => {
  const result = parseJobDetails(text);
  if (isRight(result)) assert.fail(`expected a problem with ${text}`);
  assert.equal(result.left.code, 'InvalidJobDetails');
  return result.left.code === 'InvalidJobDetails' ? result.left.problem : '';
};

const base = 'user=alice,server=srv,printer=Lab-1';

describe('CSV pairs', () => {
  it('splits on commas', () =>
    assert.deepEqual(splitCsvPairs('a=1,b=2,c=3'), { _tag: 'Right', right: ['a=1', 'b=2', 'c=3'] }));

  it('a quoted pair may hold commas, and a doubled quote inside it is one quote', () =>
    assert.deepEqual(splitCsvPairs('"document-name=Report, final ""v2""",copies=2'), {
      _tag: 'Right',
      right: ['document-name=Report, final "v2"', 'copies=2'],
    }));

  it('blanks around a quoted pair are ignored', () =>
    assert.deepEqual(splitCsvPairs('a=1,  "b=x,y"  ,c=3'), {
      _tag: 'Right',
      right: ['a=1', 'b=x,y', 'c=3'],
    }));

  it('a quote inside an unquoted pair is literal', () =>
    assert.deepEqual(splitCsvPairs('comment=say "hi"'), { _tag: 'Right', right: ['comment=say "hi"'] }));

  it('an empty quoted pair, a trailing comma and an empty text give empty pairs', () => {
    assert.deepEqual(splitCsvPairs('"",a=1,'), { _tag: 'Right', right: ['', 'a=1', ''] });
    assert.deepEqual(splitCsvPairs(''), { _tag: 'Right', right: [''] });
  });

  it('an unterminated quote names where it opened', () =>
    assert.deepEqual(splitCsvPairs('a=1,"b=2'), {
      _tag: 'Left',
      left: 'the quote opened at character 5 is never closed',
    }));

  it('text after a closing quote is refused', () => assert.equal(splitCsvPairs('"a=1"x,b=2')._tag, 'Left'));

  it('quoting every pair and splitting gives the pairs back (any text)', () =>
    checkProperty(
      fc.property(fc.array(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 10 }), (pairs) => {
        const text = pairs.map((pair) => `"${pair.replace(/"/g, '""')}"`).join(',');
        assert.deepEqual(splitCsvPairs(text), { _tag: 'Right', right: pairs });
      }),
    ));
});

describe('job details', () => {
  it('a minimal job: one page, one copy, grayscale, no cost (the printer prices it)', () =>
    assert.deepEqual(parsed(base), {
      user: 'alice',
      server: 'srv',
      printer: 'Lab-1',
      printedAt: '',
      cost: null,
      totalPages: 1,
      colorPages: 0,
      copies: 1,
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
      sharedAccount: '',
      ignoredFields: [],
    }));

  it('reads every known field', () =>
    assert.deepEqual(
      parsed(
        [
          'user=alice',
          'server=srv',
          'printer=Lab-1',
          'time=20240229T235959',
          'cost=1.25',
          'total-pages=10',
          'total-color-pages=3',
          'copies=2',
          '"document-name=Budget, 2024.xlsx"',
          'duplex=TRUE',
          'grayscale=FALSE',
          'paper-size-name=A4',
          'paper-width-mm=210',
          'paper-height-mm=297.5',
          'document-size-kb=512',
          'invoice=INV-7',
          'comment=for the board',
          'client-machine=ws-12',
          'client-ip=10.0.0.12',
          'shared-account=Research\\Lab',
        ].join(','),
      ),
      {
        user: 'alice',
        server: 'srv',
        printer: 'Lab-1',
        printedAt: '2024-02-29T23:59:59',
        cost: 1_250_000n,
        totalPages: 10,
        colorPages: 3,
        copies: 2,
        duplex: true,
        documentName: 'Budget, 2024.xlsx',
        paperSizeName: 'A4',
        paperWidthMm: '210',
        paperHeightMm: '297.5',
        documentSizeKb: 512,
        invoice: 'INV-7',
        comment: 'for the board',
        clientMachine: 'ws-12',
        clientIp: '10.0.0.12',
        sharedAccount: 'Research\\Lab',
        ignoredFields: [],
      },
    ));

  it('field names are case-insensitive and blanks around names and numbers are ignored', () => {
    const job = parsed(' User = alice , SERVER=srv, Printer=Lab-1, Total-Pages = 4 ,copies= 2');
    assert.equal(job.user, 'alice');
    assert.equal(job.totalPages, 4);
    assert.equal(job.copies, 2);
  });

  it('unknown fields are accepted, ignored and named', () =>
    assert.deepEqual(parsed(`${base},job-uid=77,Toner=low`).ignoredFields, ['job-uid', 'toner']));

  it('empty pairs (a trailing comma) are skipped', () => assert.equal(parsed(`${base},,`).user, 'alice'));

  it('colour pages: every page for grayscale=FALSE, none for grayscale=TRUE, as sent otherwise', () => {
    assert.equal(parsed(`${base},total-pages=5,grayscale=FALSE`).colorPages, 5);
    assert.equal(parsed(`${base},total-pages=5,grayscale=true`).colorPages, 0);
    assert.equal(parsed(`${base},total-pages=5,total-color-pages=2`).colorPages, 2);
    assert.equal(parsed(`${base},total-pages=5,total-color-pages=2,grayscale=FALSE`).colorPages, 2);
  });

  it('a value may hold "=" and keeps its inner blanks', () =>
    assert.equal(parsed(`${base},comment= a=b `).comment, ' a=b '));

  describe('malformed input is refused with a problem that names it', () => {
    it('missing or blank user, server or printer', () => {
      assert.match(problem('server=srv,printer=p'), /'user' is missing/);
      assert.match(problem('user=alice,printer=p'), /'server' is missing/);
      assert.match(problem('user=alice,server=srv'), /'printer' is missing/);
      assert.match(problem('user= ,server=srv,printer=p'), /'user' is missing or blank/);
      assert.match(problem(''), /'user' is missing/);
    });

    it('a pair without "=" or without a name', () => {
      assert.match(problem(`${base},duplex`), /the pair 'duplex' has no '='/);
      assert.match(problem(`${base},=5`), /has no field name/);
    });

    it('a field given twice', () =>
      assert.match(problem(`${base},copies=1,Copies=2`), /'copies' is given more than once/));

    it('bad numbers', () => {
      assert.match(
        problem(`${base},total-pages=ten`),
        /total-pages must be a whole number from 0 to 1000000, not 'ten'/,
      );
      assert.match(problem(`${base},total-pages=-1`), /total-pages/);
      assert.match(problem(`${base},total-pages=2.5`), /total-pages/);
      assert.match(problem(`${base},total-pages=1000001`), /total-pages/);
      assert.match(problem(`${base},copies=0`), /copies must be a whole number from 1/);
      assert.match(problem(`${base},total-color-pages=x`), /total-color-pages/);
      assert.match(problem(`${base},document-size-kb=1e3`), /document-size-kb/);
      assert.match(problem(`${base},cost=abc`), /cost must be a decimal number of zero or more, not 'abc'/);
      assert.match(problem(`${base},cost=-0.10`), /cost must be a decimal number of zero or more/);
      assert.match(problem(`${base},paper-width-mm=wide`), /paper-width-mm/);
    });

    it('bad booleans', () => {
      assert.match(problem(`${base},duplex=yes`), /duplex must be TRUE or FALSE, not 'yes'/);
      assert.match(problem(`${base},grayscale=1`), /grayscale must be TRUE or FALSE/);
    });

    it('bad times', () => {
      for (const time of [
        '2024-01-31T13:45:00',
        '20240131',
        '20241301T000000',
        '20230229T120000',
        '20240131T240000',
        '20240131T126000',
      ])
        assert.match(
          problem(`${base},time=${time}`),
          /time must be a date and time written yyyyMMddTHHmmss/,
          time,
        );
    });

    it('colour pages that contradict the page count or grayscale', () => {
      assert.match(
        problem(`${base},total-pages=2,total-color-pages=3`),
        /total-color-pages \(3\) is more than total-pages \(2\)/,
      );
      assert.match(
        problem(`${base},total-pages=2,total-color-pages=1,grayscale=TRUE`),
        /grayscale=TRUE contradicts/,
      );
    });

    it('broken quoting', () => {
      assert.match(problem(`${base},"comment=open`), /never closed/);
      assert.match(problem(`${base},"comment=a"b`), /unexpected text after the quoted pair/);
    });

    it('oversized input', () => {
      assert.match(problem(`${base},comment=${'x'.repeat(5_000)}`), /longer than 4096 characters/);
      assert.match(problem(`${base},${'a=1,'.repeat(20_000)}`), /longer than 65536 characters/);
      assert.match(problem(`${base},${'a=1,'.repeat(250)}`), /more than 200 pairs/);
    });
  });

  it('never throws, whatever the text', () =>
    checkProperty(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        parseJobDetails(text);
        parseJobDetails(`${base},${text}`);
      }),
      300,
    ));
});

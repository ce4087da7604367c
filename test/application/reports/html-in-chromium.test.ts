import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium } from 'playwright-core';
import { logSource } from '../../../application/reports/ledger-source';
import { buildReconciliation } from '../../../application/reports/reconciliation';
import { reconciliationHtml, statementHtml } from '../../../application/reports/render-html';
import { buildStatement } from '../../../application/reports/statement';
import { createMemoryEventStore } from '../../../adapters/store/memory';
import { END, START } from '../../../projections/ledger/bounds';
import { appendYearOfTransfers } from '../../support/year-ledger';

/** Debian's chromium, installed by .ci/run; Playwright drives it and downloads no browser of its own. */
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const skip = !existsSync(CHROMIUM) && process.env.FOLIO_SKIP_BROWSER === '1';
if (skip)
  process.stdout.write(`# SKIPPED: the HTML report test needs ${CHROMIUM} (FOLIO_SKIP_BROWSER=1 is set)\n`);

interface Rendered {
  readonly errors: readonly string[];
  readonly requests: readonly string[];
}

describe('the HTML reconciliation report in headless Chromium', { skip }, () => {
  let folder: string;
  let browser: BrowserContext;
  let withPrinters: string;
  let withoutPrinters: string;
  let statement: string;

  /** Opens a report file and collects console errors, page errors and any request beyond the file itself. */
  const open = async (html: string, name: string) => {
    const path = join(folder, name);
    writeFileSync(path, html);
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => {
      if (request.url() !== `file://${path}`) requests.push(request.url());
    });
    await page.goto(`file://${path}`, { waitUntil: 'load' });
    await page.screenshot({ path: `${path}.png`, fullPage: true });
    return { page, rendered: { errors, requests } as Rendered };
  };

  before(async () => {
    assert.ok(
      existsSync(CHROMIUM),
      `${CHROMIUM} is missing: apt-get install -y chromium (or set FOLIO_SKIP_BROWSER=1 to skip)`,
    );
    folder = mkdtempSync(join(tmpdir(), 'folio-html-'));
    browser = await chromium.launchPersistentContext(join(folder, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
    });
    const store = createMemoryEventStore();
    await appendYearOfTransfers(store, {
      seed: 7,
      transfers: 3_000,
      users: 30,
      sharedAccounts: 4,
      printers: 5,
      year: 2024,
    });
    const source = logSource(store);
    const period = {
      from: { kind: 'time', epochMs: Date.UTC(2024, 0, 1) },
      to: { kind: 'time', epochMs: Date.UTC(2025, 0, 1) },
    } as const;
    withPrinters = reconciliationHtml(
      await buildReconciliation(source, { period, now: new Date(0), title: 'Year <2024> & co' }),
    );
    const quiet = createMemoryEventStore();
    await appendYearOfTransfers(quiet, {
      seed: 8,
      transfers: 0,
      users: 2,
      sharedAccounts: 1,
      printers: 1,
      year: 2024,
    });
    withoutPrinters = reconciliationHtml(
      await buildReconciliation(logSource(quiet), { period: { from: START, to: END }, now: new Date(0) }),
    );
    const user = await buildStatement(source, { account: 'user3', period, now: new Date(0) });
    assert.ok(user._tag === 'Right');
    statement = statementHtml(user.right);
  });
  after(async () => {
    await browser?.close();
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  });

  it('renders the tables and both charts with no console error and no request beyond the file', async () => {
    const { page, rendered } = await open(withPrinters, 'year.html');
    assert.deepEqual(rendered, { errors: [], requests: [] });
    assert.equal(await page.title(), 'Year <2024> & co');
    assert.equal(await page.locator('#checks tbody tr').count(), 5);
    assert.equal(await page.locator('#checks td.fail').count(), 0);
    assert.equal(await page.locator('#accounts > tbody > tr:not(.total)').count(), 30 + 4 + 5 + 5);
    assert.equal(await page.locator('#chart-printer-revenue rect').count(), 5);
    assert.ok((await page.locator('#chart-movements rect.segment').count()) >= 12);
    for (const chart of ['#chart-printer-revenue', '#chart-movements']) {
      const box = await page.locator(chart).boundingBox();
      assert.ok(
        box !== null && box.width > 300 && box.height > 100,
        `${chart} is laid out: ${JSON.stringify(box)}`,
      );
    }
    const label = await page.locator('#chart-printer-revenue text').first().textContent();
    assert.match(label ?? '', /^printer-\d$/);
    await page.close();
  });

  it('is readable: labels apart, round currency ticks, two colours with a legend, totals, the print tie', async () => {
    const { page } = await open(withPrinters, 'readable.html');
    const texts = (selector: string) => page.locator(selector).allTextContents();
    const fills = async (selector: string) => [
      ...new Set(
        await page.locator(selector).evaluateAll((nodes) => nodes.map((node) => node.getAttribute('fill'))),
      ),
    ];
    const geometry = {
      // Measured by the browser after layout, rotation included.
      boxes: await page.locator('#chart-movements text.x-label').evaluateAll((labels) =>
        labels.map((label) => {
          const box = label.getBoundingClientRect();
          return { left: box.left, right: box.right, top: box.top, bottom: box.bottom };
        }),
      ),
      yTicks: await texts('#chart-movements text.y-tick'),
      axisTitle: (await texts('#chart-movements text.axis-title')).join(''),
      credit: await fills('#chart-movements rect.credit'),
      debit: await fills('#chart-movements rect.debit'),
      legend: await texts('#chart-movements g.legend'),
    };
    assert.ok(geometry.boxes.length >= 4 && geometry.boxes.length <= 10, `${geometry.boxes.length} x labels`);
    for (let i = 1; i < geometry.boxes.length; i += 1) {
      const [a, b] = [geometry.boxes[i - 1]!, geometry.boxes[i]!];
      const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
      assert.ok(apart, `x labels ${i - 1} and ${i} overlap: ${JSON.stringify([a, b])}`);
    }
    assert.ok(geometry.yTicks.length >= 4, `y ticks: ${geometry.yTicks.join(' ')}`);
    const tickValues = geometry.yTicks.map((tick) => Number(tick.replace(/,/g, '')));
    assert.ok(tickValues.some((value) => value < 0) && tickValues.some((value) => value > 0));
    const steps = new Set(tickValues.slice(1).map((value, i) => value - tickValues[i]!));
    assert.equal(steps.size, 1, `evenly spaced ticks: ${geometry.yTicks.join(' ')}`);
    assert.match([...steps][0]!.toExponential(), /^-?[125]e/, 'a round step (1, 2 or 5 × 10^n)');
    assert.match(geometry.axisTitle, /currency/);
    assert.equal(geometry.credit.length, 1);
    assert.equal(geometry.debit.length, 1);
    assert.notEqual(geometry.credit[0], geometry.debit[0]);
    assert.deepEqual(geometry.legend, ['Credits (to accounts)', 'Debits (from accounts)']);

    /** Sums each money column of a table's body rows and compares it with its total row, as text. */
    const money = (text: string) => BigInt(text.replace(/[,.]/g, ''));
    for (const table of ['#causes', '#accounts', '#printers']) {
      const rows = await page
        .locator(`${table} > tbody > tr:not(.total)`)
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll(':scope > td.money')].map((td) => td.textContent ?? '')),
        );
      const total = await page.locator(`${table} > tbody > tr.total > td.money`).allTextContents();
      assert.ok(total.length > 0, `${table} has a total row`);
      total.forEach((text, column) => {
        assert.match(text, /^-?\d{1,3}(,\d{3})*\.\d{2}$/, `${table} total ${text}: 2 decimals, grouped`);
        const summed = rows.reduce((acc, row) => acc + money(row[column]!), 0n);
        assert.equal(money(text), summed, `${table} column ${column}: total equals the sum of its rows`);
      });
    }
    const tie = (await page.locator('#print-tie').textContent()) ?? '';
    assert.match(tie, /^Revenue by printer from print charges: ([\d,.]+) = print-charge debits: \1 ✓$/);
    assert.equal(await page.locator('#print-tie.ok').count(), 1);
    await page.close();
  });

  it('draws an empty revenue chart with a note when no printer earned anything', async () => {
    const { page, rendered } = await open(withoutPrinters, 'empty.html');
    assert.deepEqual(rendered, { errors: [], requests: [] });
    assert.equal(await page.locator('#chart-printer-revenue.empty').count(), 1);
    assert.match(
      (await page.locator('#chart-printer-revenue').textContent()) ?? '',
      /No print revenue in this period/,
    );
    assert.match((await page.locator('#chart-movements').textContent()) ?? '', /No money moved/);
    await page.close();
  });

  it('renders a statement with its opening, every transfer and its closing', async () => {
    const { page, rendered } = await open(statement, 'statement.html');
    assert.deepEqual(rendered, { errors: [], requests: [] });
    const rows = await page.locator('#statement tbody tr').allTextContents();
    assert.match(rows[0] ?? '', /^Opening balance/);
    assert.match(rows[rows.length - 1] ?? '', /^Closing balance/);
    assert.ok(rows.length > 10);
    await page.close();
  });
});

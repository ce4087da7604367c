import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideCardCredit } from '../../../domain/operations/card-credit-process';
import { decideGroupBalance, GroupBalanceStart } from '../../../domain/operations/group-balance-process';
import { decideImport, ImportStart } from '../../../domain/operations/import-process';
import { decidePrinterImport, PrinterImportStart } from '../../../domain/operations/printer-import-process';
import { MemberAction, ProcessPlan } from '../../../domain/operations/process';
import { UserPolicy } from '../../../domain/users/commands';
import { money } from '../../support/money';

const policy: UserPolicy = { defaultOverdraft: money('0'), personalAccounts: [] };
const transferIdOf = (memberId: string) => `transfer-of-${memberId}`;

const shape = (plan: ProcessPlan) => plan.map((wave) => wave.map((step) => step.memberId));
const actionOf = (plan: ProcessPlan, memberId: string): MemberAction | undefined =>
  plan.flat().find((step) => step.memberId === memberId)?.action;

describe('group balance operations', () => {
  const start: GroupBalanceStart['data'] = {
    operationId: 'op-1',
    groupId: 'g-1',
    groupName: 'Staff',
    mode: 'up-to',
    amount: money('5'),
    limit: money('20'),
    account: '',
    comment: 'weekly top-up',
    userIds: ['u-1', 'u-2'],
  };

  it('issue one step per member named at the start, all at once, each with a marker for when it moves nothing', () => {
    const plan = decideGroupBalance({ start, policy, transferIdOf });
    assert.deepEqual(shape(plan), [['u-1', 'u-2']]);
    assert.deepEqual(actionOf(plan, 'u-2'), {
      kind: 'user-command',
      command: {
        kind: 'AdjustBalance',
        account: '',
        amount: money('5'),
        condition: { kind: 'up-to', limit: money('20') },
        policy,
        transfer: {
          transferId: 'transfer-of-u-2',
          cause: 'group-top-up',
          counterAccount: 'system:group-allocations',
          comment: 'weekly top-up',
          operationId: 'op-1',
        },
      },
      unchanged: { kind: 'RecordBalanceUnchanged', operationId: 'op-1', account: '' },
    });
  });

  it('set the balance, or adjust it unconditionally, by mode', () => {
    const set = actionOf(
      decideGroupBalance({ start: { ...start, mode: 'set' }, policy, transferIdOf }),
      'u-1',
    );
    assert.equal(set?.kind === 'user-command' && set.command.kind, 'SetBalance');
    const adjust = actionOf(
      decideGroupBalance({ start: { ...start, mode: 'adjust' }, policy, transferIdOf }),
      'u-1',
    );
    assert.deepEqual(
      adjust?.kind === 'user-command' && adjust.command.kind === 'AdjustBalance' && adjust.command.condition,
      { kind: 'unconditional' },
    );
  });
});

describe('batch imports', () => {
  const start: ImportStart['data'] = {
    operationId: 'op-2',
    kind: 'shared-accounts',
    file: '/imports/accounts.tsv',
    options: {},
    users: [
      { line: 1, userId: 'u-new', username: 'ann', create: true, internal: true, details: { email: 'a@x' } },
      { line: 2, userId: 'u-old', username: 'bob', create: false, internal: false, restricted: true },
      { line: 3, userId: 'u-card', username: 'cat', create: false, internal: false, primaryCardNumber: '42' },
    ],
    sharedAccounts: [
      { line: 4, accountId: 'sub', fullName: 'Top\\Sub', name: 'Sub', parentId: 'top', create: true },
      { line: 5, accountId: 'top', fullName: 'Top', name: 'Top', parentId: '', create: true },
      { line: 6, accountId: 'kept', fullName: 'Kept', name: 'Kept', parentId: '', create: false },
    ],
    deletions: [
      { accountId: 'gone-sub', fullName: 'Gone\\Sub' },
      { accountId: 'gone', fullName: 'Gone' },
    ],
  };
  const plan = decideImport({ start, policy, transferIdOf });

  it('apply users, then top-level accounts, then their sub-accounts, then deletions one at a time in order', () => {
    assert.deepEqual(shape(plan), [
      ['u-new', 'u-old', 'u-card'],
      ['top', 'kept'],
      ['sub'],
      ['gone-sub'],
      ['gone'],
    ]);
  });

  it('look for a line on its record before it claims a name or a card, and only then', () => {
    const claims = Object.fromEntries(plan.flat().map((step) => [step.memberId, step.claims]));
    assert.deepEqual(claims, {
      'u-new': true,
      'u-old': false,
      'u-card': true,
      top: true,
      kept: false,
      sub: true,
      'gone-sub': false,
      gone: false,
    });
  });

  it("put the import's marker first in every user line; a new user's creation carries its details itself", () => {
    const created = actionOf(plan, 'u-new');
    assert.ok(created?.kind === 'import-user');
    assert.deepEqual(created.commands, [
      { kind: 'RecordImport', operationId: 'op-2', file: '/imports/accounts.tsv', line: 1 },
    ]);
    const changed = actionOf(plan, 'u-old');
    assert.ok(changed?.kind === 'import-user');
    assert.deepEqual(changed.commands, [
      { kind: 'RecordImport', operationId: 'op-2', file: '/imports/accounts.tsv', line: 2 },
      { kind: 'SetRestricted', restricted: true },
    ]);
  });

  it('name each line by its number and record in task messages', () => {
    assert.deepEqual(
      plan.flat().map((step) => step.where),
      [
        'Line 1 (ann)',
        'Line 2 (bob)',
        'Line 3 (cat)',
        'Line 5 (Top)',
        'Line 6 (Kept)',
        'Line 4 (Top\\Sub)',
        'Deleting Gone\\Sub',
        'Deleting Gone',
      ],
    );
  });
});

describe('printer imports', () => {
  const start: PrinterImportStart['data'] = {
    operationId: 'op-3',
    file: '/imports/printers.tsv',
    printers: [
      {
        line: 2,
        printerId: 'p-new',
        server: 'srv',
        printer: 'new',
        register: true,
        changes: { disabled: true },
      },
      { line: 3, printerId: 'p-old', server: 'srv', printer: 'old', register: false, changes: {} },
    ],
  };
  const plan = decidePrinterImport(start);

  it('register a new printer (claiming its name) with its marker and changes in one step', () => {
    assert.deepEqual(shape(plan), [['p-new', 'p-old']]);
    assert.deepEqual(actionOf(plan, 'p-new'), {
      kind: 'printer-line',
      commands: [
        { kind: 'RegisterPrinter', printerId: 'p-new', server: 'srv', printer: 'new', source: 'import' },
        { kind: 'RecordImport', operationId: 'op-3', file: '/imports/printers.tsv', line: 2 },
        { kind: 'DisablePrinter', until: '' },
      ],
      claimName: { server: 'srv', printer: 'new' },
    });
    assert.deepEqual(actionOf(plan, 'p-old'), {
      kind: 'printer-line',
      commands: [{ kind: 'RecordImport', operationId: 'op-3', file: '/imports/printers.tsv', line: 3 }],
    });
  });

  it('list a skipped printer under its line', () => {
    assert.deepEqual(
      plan.flat().map((step) => [step.skipPrefix, step.claims]),
      [
        ['line 2: ', true],
        ['line 3: ', false],
      ],
    );
  });
});

describe('card credits', () => {
  it("credit the card's value to the user's default account, marked by the card's transfer id", () => {
    const plan = decideCardCredit(
      { cardNumber: 'TOP-1', userId: 'u-1', value: money('5'), transferId: 't-card' },
      policy,
    );
    assert.deepEqual(shape(plan), [['u-1']]);
    const [[step]] = plan as [[ProcessPlan[number][number]]];
    assert.equal(step.eventKey, 'credit');
    assert.deepEqual(step.action, {
      kind: 'user-command',
      command: {
        kind: 'AdjustBalance',
        account: '',
        amount: money('5'),
        condition: { kind: 'unconditional' },
        policy,
        transfer: {
          transferId: 't-card',
          cause: 'card-redemption',
          counterAccount: 'system:card-sales',
          comment: 'top-up card TOP-1',
        },
      },
    });
  });
});

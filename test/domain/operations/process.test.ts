import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isLeft } from 'fp-ts/Either';
import {
  MemberStep,
  ProcessInput,
  ProcessMessage,
  processDecider,
  ProcessPlan,
  ProcessState,
} from '../../../domain/operations/process';
import { specFor } from '../../support/decider-spec';
import { checkProperty } from '../../support/property';

const spec = specFor(processDecider);

const stepOf = (memberId: string): MemberStep => ({
  memberId,
  stream: `shared-${memberId}`,
  eventKey: memberId,
  where: `Deleting ${memberId}`,
  claims: false,
  skipPrefix: '',
  action: { kind: 'delete-shared-account', accountId: memberId },
});

const a = stepOf('a');
const b = stepOf('b');
const c = stepOf('c');
const plan: ProcessPlan = [[a, b], [], [c]];

describe('the operation workflow', () => {
  it('issues the first wave when the operation starts', () => {
    spec
      .given([])
      .when({ type: 'ProcessStarted', plan })
      .then([{ type: 'StepsIssued', steps: [a, b] }]);
  });

  it('decides the completion at once for an operation with no steps', () => {
    spec
      .given([])
      .when({ type: 'ProcessStarted', plan: [[], []] })
      .then([{ type: 'CompletionDecided', applied: 0, skipped: [] }]);
  });

  it('starting again decides nothing', () => {
    spec
      .given([
        { type: 'ProcessStarted', plan },
        { type: 'StepsIssued', steps: [a, b] },
      ])
      .when({ type: 'ProcessStarted', plan })
      .then([]);
  });

  it('waits for every step of a wave before issuing the next (parents before their sub-accounts)', () => {
    const issued: ProcessMessage[] = [
      { type: 'ProcessStarted', plan },
      { type: 'StepsIssued', steps: [a, b] },
    ];
    spec.given(issued).when({ type: 'StepApplied', memberId: 'b' }).then([]);
    spec
      .given([...issued, { type: 'StepApplied', memberId: 'b' }])
      .when({ type: 'StepSkipped', memberId: 'a', reason: 'UserNotFound' })
      .then([{ type: 'StepsIssued', steps: [c] }]);
  });

  it('decides the completion after the last wave, the skipped members sorted by id, with their reasons', () => {
    spec
      .given([
        { type: 'ProcessStarted', plan },
        { type: 'StepsIssued', steps: [a, b] },
        { type: 'StepSkipped', memberId: 'b', reason: 'line 2: PrinterAlreadyExists' },
        { type: 'StepSkipped', memberId: 'a', reason: 'UserNotFound' },
        { type: 'StepsIssued', steps: [c] },
      ])
      .when({ type: 'StepApplied', memberId: 'c' })
      .then([
        {
          type: 'CompletionDecided',
          applied: 1,
          skipped: [
            { id: 'a', reason: 'UserNotFound' },
            { id: 'b', reason: 'line 2: PrinterAlreadyExists' },
          ],
        },
      ]);
  });

  it('refuses the outcome of a step when none is waiting for one: before the start, after the completion', () => {
    spec.given([]).when({ type: 'StepApplied', memberId: 'a' }).thenFails({ code: 'Conflict' });
    spec
      .given([
        { type: 'ProcessStarted', plan: [[a]] },
        { type: 'StepsIssued', steps: [a] },
        { type: 'StepApplied', memberId: 'a' },
        { type: 'CompletionDecided', applied: 1, skipped: [] },
      ])
      .when({ type: 'StepSkipped', memberId: 'a', reason: 'UserNotFound' })
      .thenFails({ code: 'Conflict' });
  });

  it('counts the outcomes of a 50,000-step wave, the largest an import can issue', () => {
    const many = Array.from({ length: 50_000 }, (_, index) => stepOf(`m${index}`));
    let state: ProcessState = processDecider.initialState();
    const tell = (input: ProcessInput): readonly ProcessMessage[] => {
      const decided = processDecider.decide(input, state);
      if (isLeft(decided)) throw new Error(decided.left.code);
      state = [input, ...decided.right].reduce(processDecider.evolve, state);
      return decided.right;
    };
    tell({ type: 'ProcessStarted', plan: [many] });
    let last: readonly ProcessMessage[] = [];
    for (const step of many)
      last =
        Number(step.memberId.slice(1)) % 2 === 0
          ? tell({ type: 'StepApplied', memberId: step.memberId })
          : tell({ type: 'StepSkipped', memberId: step.memberId, reason: 'Gone' });
    const [completion] = last;
    assert.ok(completion?.type === 'CompletionDecided');
    assert.equal(completion.applied, 25_000);
    assert.equal(completion.skipped.length, 25_000);
  });

  it('every step is issued once and counted once, whatever order the steps settle in', () => {
    const waves = fc.array(fc.array(fc.boolean(), { maxLength: 5 }), { maxLength: 5 });
    checkProperty(
      fc.property(waves, fc.integer(), (shape, shuffleSeed) => {
        let next = 0;
        const planned: ProcessPlan = shape.map((wave) =>
          wave.map((applies) => ({ ...stepOf(`m${next++}`), skipPrefix: applies ? 'applies' : '' })),
        );
        let state: ProcessState = processDecider.initialState();
        const tell = (input: ProcessInput): readonly ProcessMessage[] => {
          const decided = processDecider.decide(input, state);
          if (isLeft(decided)) throw new Error(decided.left.code);
          state = [input, ...decided.right].reduce(processDecider.evolve, state);
          return decided.right;
        };
        const issued: string[] = [];
        let decided = tell({ type: 'ProcessStarted', plan: planned });
        let rotate = Math.abs(shuffleSeed);
        for (;;) {
          const wave = decided.find((message) => message.type === 'StepsIssued');
          if (wave === undefined || wave.type !== 'StepsIssued') break;
          issued.push(...wave.steps.map((step) => step.memberId));
          // Settle in a rotated order: the workflow must not depend on the order of settling.
          const order = wave.steps.map(
            (_, index) => wave.steps[(index + rotate) % wave.steps.length] as MemberStep,
          );
          rotate += 1;
          decided = [];
          for (const step of order) {
            const out = tell(
              step.skipPrefix === 'applies'
                ? { type: 'StepApplied', memberId: step.memberId }
                : { type: 'StepSkipped', memberId: step.memberId, reason: 'Gone' },
            );
            if (out.length > 0) decided = out;
          }
        }
        const all = planned.flat();
        assert.deepEqual(
          issued,
          all.map((step) => step.memberId),
        );
        assert.equal(state.status, 'completed');
        if (state.status !== 'completed') return;
        assert.equal(state.applied, all.filter((step) => step.skipPrefix === 'applies').length);
        assert.deepEqual(
          state.skipped.map((each) => each.id),
          all
            .filter((step) => step.skipPrefix !== 'applies')
            .map((step) => step.memberId)
            .sort(),
        );
      }),
    );
  });
});

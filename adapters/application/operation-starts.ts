import { operationStream } from '../../domain/streams';
import { RecordedEvent } from '../store/port';
import { Kernel } from './kernel';

/** The recorded start of an operation (its position bounds where its entries can be; its time, its age). */
export const operationStartOf = async (
  kernel: Kernel,
  operationId: string,
): Promise<RecordedEvent | undefined> => {
  const [start] = await kernel.store.readStream(operationStream(operationId));
  return start;
};

/**
 * Whether the sweep may finish this operation: always without a cutoff (start-up), otherwise only
 * once it is older than the cutoff — a younger one is most likely still being finished by the server
 * that started it, and finishing it twice at once, though safe, only doubles the work.
 */
export const startedBefore = (start: RecordedEvent | undefined, cutoff: Date | undefined): boolean =>
  cutoff === undefined || start === undefined || Date.parse(start.recordedAt) <= cutoff.getTime();

import { crossEntropyMethod } from './crossEntropy';
import type { MethodDefinition } from './types';

/**
 * Every method the app offers. The UI, the share-link schema and the tests all read this list:
 * adding a method is adding its file and one line here.
 */
export const METHODS: readonly MethodDefinition[] = [crossEntropyMethod];

const BY_ID = new Map(METHODS.map((m) => [m.id, m]));

export function findMethod(id: string): MethodDefinition | undefined {
  return BY_ID.get(id);
}

export function getMethod(id: string): MethodDefinition {
  const method = BY_ID.get(id);
  if (!method) throw new Error(`Unknown method "${id}". Known methods: ${METHODS.map((m) => m.id).join(', ')}.`);
  return method;
}

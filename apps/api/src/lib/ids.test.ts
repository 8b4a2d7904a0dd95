import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { globalIdProblem } from './ids.js';

describe('globalIdProblem', () => {
  it('names the expected types with their English article', () => {
    const member = encodeGlobalID('Member', randomUUID());
    expect(globalIdProblem(member, ['Organisation'])).toBe('is not the id of an Organisation');
    expect(globalIdProblem(member, ['AdminRole', 'Unit'])).toBe('is not the id of an AdminRole or a Unit');
    expect(globalIdProblem(encodeGlobalID('Unit', randomUUID()), ['Member'])).toBe(
      'is not the id of a Member',
    );
    expect(globalIdProblem(member, ['Member'])).toBeNull();
  });
});

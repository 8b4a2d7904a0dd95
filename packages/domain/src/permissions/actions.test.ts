import { describe, expect, it } from 'vitest';
import { ACTIONS, actionResource, isAction } from './actions';

describe('ACTIONS', () => {
  it("are unique 'resource:verb' literals", () => {
    expect(new Set(ACTIONS).size).toBe(ACTIONS.length);
    for (const action of ACTIONS) expect(action).toMatch(/^[a-z]+:[a-z]+$/);
  });
});

describe('isAction', () => {
  it('accepts known actions and rejects anything else', () => {
    expect(isAction('member:block')).toBe(true);
    expect(isAction('member:fly')).toBe(false);
    expect(isAction('')).toBe(false);
  });
});

describe('actionResource', () => {
  it('returns the part before the colon', () => {
    expect(actionResource('member:block')).toBe('member');
    expect(actionResource('organisation:activate')).toBe('organisation');
  });
});

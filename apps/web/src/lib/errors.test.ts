import { readFileSync } from 'node:fs';
import { buildSchema, GraphQLEnumType, GraphQLError } from 'graphql';
import i18next from 'i18next';
import ICU from 'i18next-icu';
import { CombinedError } from 'urql';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { fr } from '../i18n/fr';
import { describeErrorCode, isNotFoundError } from './errors';

const sdl = readFileSync(new URL('../../../api/schema.graphql', import.meta.url), 'utf8');
const errorCode = buildSchema(sdl).getType('ErrorCode');

describe('describeErrorCode', () => {
  it('has a sentence of its own, in French and in English, for every error code of the API', async () => {
    expect(errorCode).toBeInstanceOf(GraphQLEnumType);
    const codes = (errorCode as GraphQLEnumType).getValues().map((value) => value.name);
    expect(codes).toEqual(expect.arrayContaining(['PERSON_EXISTS', 'IDENTITY_NOT_OWNED']));
    for (const language of ['fr', 'en'] as const) {
      const instance = i18next.createInstance().use(new ICU());
      await instance.init({
        lng: language,
        resources: { fr: { translation: fr }, en: { translation: en } },
        showSupportNotice: false,
      });
      const unexpected = instance.t('errors.unexpected');
      for (const code of codes) {
        const sentence = describeErrorCode(instance.t, code);
        expect(sentence, `${language} ${code}`).not.toBe(unexpected);
        expect(sentence, `${language} ${code}`).not.toContain('errors.');
      }
      // A code the client does not know yet still reads as a sentence, never as the raw code.
      expect(describeErrorCode(instance.t, 'SOMETHING_NEW')).toBe(unexpected);
    }
  });
});

describe('isNotFoundError', () => {
  const graphQLError = (code: string) => new GraphQLError('x', { extensions: { code } });
  it('tells a NOT_FOUND answer (unknown id, another organisation) from other failures', () => {
    expect(isNotFoundError(new CombinedError({ graphQLErrors: [graphQLError('NOT_FOUND')] }))).toBe(true);
    expect(isNotFoundError(new CombinedError({ graphQLErrors: [graphQLError('INTERNAL')] }))).toBe(false);
    expect(isNotFoundError(new CombinedError({ graphQLErrors: [graphQLError('NOT_AUTHORISED')] }))).toBe(
      false,
    );
    expect(isNotFoundError(new CombinedError({ networkError: new TypeError('Failed to fetch') }))).toBe(
      false,
    );
    expect(isNotFoundError(undefined)).toBe(false);
  });
});

import './errors/index.js';
import './types/organisation.js';
import './types/person.js';
import './types/viewer.js';
import './types/member.js';
import './mutations/auth.js';
import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';

export const schema = lexicographicSortSchema(builder.toSchema());

/* eslint-disable */
/* prettier-ignore */

export type introspection_types = {
    'ActingContext': { kind: 'OBJECT'; name: 'ActingContext'; fields: { 'kind': { name: 'kind'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'ActingKind'; ofType: null; }; } }; 'organisation': { name: 'organisation'; type: { kind: 'OBJECT'; name: 'Organisation'; ofType: null; } }; }; };
    'ActingKind': { name: 'ActingKind'; enumValues: 'OPERATOR' | 'ORGANISATION'; };
    'Boolean': unknown;
    'ChooseActingContextInput': { kind: 'INPUT_OBJECT'; name: 'ChooseActingContextInput'; isOneOf: false; inputFields: [{ name: 'asOperator'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null; }; defaultValue: null }, { name: 'organisationId'; type: { kind: 'SCALAR'; name: 'ID'; ofType: null; }; defaultValue: null }]; };
    'ConflictError': { kind: 'OBJECT'; name: 'ConflictError'; fields: { 'code': { name: 'code'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'ErrorCode'; ofType: null; }; } }; 'message': { name: 'message'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null; }; } }; }; };
    'Date': unknown;
    'DateTime': unknown;
    'Error': { kind: 'INTERFACE'; name: 'Error'; fields: { 'code': { name: 'code'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'ErrorCode'; ofType: null; }; } }; 'message': { name: 'message'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null; }; } }; }; possibleTypes: 'ConflictError' | 'InvalidCredentialsError' | 'InvalidInputError' | 'NotAuthorisedError' | 'NotFoundError' | 'RateLimitedError' | 'RuleViolationError'; };
    'ErrorCode': { name: 'ErrorCode'; enumValues: 'CONFLICT' | 'INVALID_CREDENTIALS' | 'INVALID_INPUT' | 'INVALID_TRANSITION' | 'LAST_PRINCIPAL_ADMIN' | 'NOT_AUTHORISED' | 'NOT_FOUND' | 'OUTSIDE_AGREEMENT' | 'OUTSIDE_PARENT_GROUP' | 'OUTSIDE_SCOPE' | 'PASSWORD_POLICY' | 'RATE_LIMITED'; };
    'ID': unknown;
    'Int': unknown;
    'InvalidCredentialsError': { kind: 'OBJECT'; name: 'InvalidCredentialsError'; fields: { 'code': { name: 'code'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'ErrorCode'; ofType: null; }; } }; 'message': { name: 'message'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null; }; } }; }; };
    'InvalidInputError': { kind: 'OBJECT'; name: 'InvalidInputError'; fields: { 'code': { name: 'code'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'ErrorCode'; ofType: null; }; } }; 'field': { name: 'field'; type: { kind: 'SCALAR'; name: 'String'; ofType: null; } }; 'message': { name: 'message'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null; }; } }; }; };
    'Membership': { kind: 'OBJECT'; name: 'Membership'; fields: { 'memberId': { name: 'memberId'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null; }; } }; 'organisation': { name: 'organisation'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Organisation'; ofType: null; }; } }; }; };
    'Mutation': { kind: 'OBJECT'; name: 'Mutation'; fields: { 'chooseActingContext': { name: 'chooseActingContext'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'MutationChooseActingContextResult'; ofType: null; }; } }; 'signIn': { name: 'signIn'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'MutationSignInResult'; ofType: null; }; } }; 'signOut': { name: 'signOut'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null; }; } }; }; };
    'MutationChooseActingContextResult': { kind: 'UNION'; name: 'MutationChooseActingContextResult'; fields: {}; possibleTypes: 'InvalidInputError' | 'MutationChooseActingContextSuccess' | 'NotAuthorisedError' | 'NotFoundError'; };
    'MutationChooseActingContextSuccess': { kind: 'OBJECT'; name: 'MutationChooseActingContextSuccess'; fields: { 'data': { name: 'data'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Viewer'; ofType: null; }; } }; }; };
    'MutationSignInResult': { kind: 'UNION'; name: 'MutationSignInResult'; fields: {}; possibleTypes: 'InvalidCredentialsError' | 'InvalidInputError' | 'MutationSignInSuccess' | 'RateLimitedError'; };
    'MutationSignInSuccess': { kind: 'OBJECT'; name: 'MutationSignInSuccess'; fields: { 'data': { name: 'data'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Viewer'; ofType: null; }; } }; }; };
    'Node': { kind: 'INTERFACE'; name: 'Node'; fields: { 'id': { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null; }; } }; }; possibleTypes: 'Organisation' | 'Person'; };
    'NotAuthorisedError': { kind: 'OBJECT'; name: 'NotAuthorisedError'; fields: { 'code': { name: 'code'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'ErrorCode'; ofType: null; }; } }; 'message': { name: 'message'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null; }; } }; }; };
    'NotFoundError': { kind: 'OBJECT'; name: 'NotFoundError'; fields: { 'code': { name: 'code'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'ErrorCode'; ofType: null; }; } }; 'message': { name: 'message'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null; }; } }; }; };
    'Organisation': { kind: 'OBJECT'; name: 'Organisation'; fields: { 'activatedAt': { name: 'activatedAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null; } }; 'createdAt': { name: 'createdAt'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null; }; } }; 'id': { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null; }; } }; 'name': { name: 'name'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null; }; } }; 'registryKind': { name: 'registryKind'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'RegistryKind'; ofType: null; }; } }; 'registryNumber': { name: 'registryNumber'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null; }; } }; 'status': { name: 'status'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'OrganisationStatus'; ofType: null; }; } }; }; };
    'OrganisationStatus': { name: 'OrganisationStatus'; enumValues: 'ACTIVE' | 'PENDING_ACTIVATION' | 'SUSPENDED'; };
    'Person': { kind: 'OBJECT'; name: 'Person'; fields: { 'backupEmail': { name: 'backupEmail'; type: { kind: 'SCALAR'; name: 'String'; ofType: null; } }; 'email': { name: 'email'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null; }; } }; 'firstName': { name: 'firstName'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null; }; } }; 'id': { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null; }; } }; 'lastName': { name: 'lastName'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null; }; } }; 'lastSignInAt': { name: 'lastSignInAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null; } }; 'nationalNumber': { name: 'nationalNumber'; type: { kind: 'SCALAR'; name: 'String'; ofType: null; } }; }; };
    'Query': { kind: 'OBJECT'; name: 'Query'; fields: { 'node': { name: 'node'; type: { kind: 'INTERFACE'; name: 'Node'; ofType: null; } }; 'nodes': { name: 'nodes'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'LIST'; name: never; ofType: { kind: 'INTERFACE'; name: 'Node'; ofType: null; }; }; } }; 'viewer': { name: 'viewer'; type: { kind: 'OBJECT'; name: 'Viewer'; ofType: null; } }; }; };
    'RateLimitedError': { kind: 'OBJECT'; name: 'RateLimitedError'; fields: { 'code': { name: 'code'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'ErrorCode'; ofType: null; }; } }; 'message': { name: 'message'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null; }; } }; 'retryAfterSeconds': { name: 'retryAfterSeconds'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null; }; } }; }; };
    'RegistryKind': { name: 'RegistryKind'; enumValues: 'ENTERPRISE_NUMBER' | 'FINESS' | 'IDE' | 'SIREN'; };
    'RuleViolationError': { kind: 'OBJECT'; name: 'RuleViolationError'; fields: { 'code': { name: 'code'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'ErrorCode'; ofType: null; }; } }; 'message': { name: 'message'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null; }; } }; }; };
    'SignInInput': { kind: 'INPUT_OBJECT'; name: 'SignInInput'; isOneOf: false; inputFields: [{ name: 'email'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null; }; }; defaultValue: null }, { name: 'password'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null; }; }; defaultValue: null }]; };
    'String': unknown;
    'Subscription': { kind: 'OBJECT'; name: 'Subscription'; fields: { }; };
    'Viewer': { kind: 'OBJECT'; name: 'Viewer'; fields: { 'acting': { name: 'acting'; type: { kind: 'OBJECT'; name: 'ActingContext'; ofType: null; } }; 'isOperatorAdmin': { name: 'isOperatorAdmin'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null; }; } }; 'memberships': { name: 'memberships'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'LIST'; name: never; ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Membership'; ofType: null; }; }; }; } }; 'mustAcceptTerms': { name: 'mustAcceptTerms'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null; }; } }; 'mustChangePassword': { name: 'mustChangePassword'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null; }; } }; 'person': { name: 'person'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Person'; ofType: null; }; } }; }; };
};

/** An IntrospectionQuery representation of your schema.
 *
 * @remarks
 * This is an introspection of your schema saved as a file by GraphQLSP.
 * It will automatically be used by `gql.tada` to infer the types of your GraphQL documents.
 * If you need to reuse this data or update your `scalars`, update `tadaOutputLocation` to
 * instead save to a .ts instead of a .d.ts file.
 */
export type introspection = {
  name: never;
  query: 'Query';
  mutation: 'Mutation';
  subscription: 'Subscription';
  types: introspection_types;
};

import * as gqlTada from 'gql.tada';

declare module 'gql.tada' {
  interface setupSchema {
    introspection: introspection
  }
}
export * from './gql/graphql';
export { graphql } from './gql';
export * from './createCareGraphClient';

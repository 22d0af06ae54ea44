export * from './gql';
export * from './createCareGraphClient';

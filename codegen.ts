import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The typed client SDK: GraphQL Code Generator's client preset over the composed public API
 * schema (api.graphql, written by `npm run compose`) and the example operations in operations/.
 * `npm run codegen` regenerates sdk/src/gql (part of the @caregraph/client package); CI fails when
 * the checked-in copy is stale.
 */
const config: CodegenConfig = {
  schema: 'api.graphql',
  documents: ['operations/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'sdk/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { DateTime: 'string', JSON: 'unknown' },
        enumsAsTypes: true,
        useTypeImports: true,
        // `./graphql.js`, not `./graphql`: the SDK's ESM build runs in Node, which needs extensions.
        importExtension: '.js',
      },
    },
  },
};

export default config;

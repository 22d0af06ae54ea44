// The repo compiles with moduleResolution "node", which ignores package "exports"; Node itself
// resolves 'graphql-ws/use/ws' through them at run time, so only the types need this bridge.
declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws';
}

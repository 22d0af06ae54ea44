// Opaque newest-first cursors are shared by every subgraph's connections.
export { encodeCursor, decodeCursor, pageSize, type Position } from '@caregraph/shared';

import { registerEnumType } from 'type-graphql';

export enum SagaStatus {
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  COMPENSATING = 'COMPENSATING',
  COMPENSATED = 'COMPENSATED',
  FAILED = 'FAILED',
}

registerEnumType(SagaStatus, { name: 'SagaStatus' });

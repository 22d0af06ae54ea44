export * from './jwt';
export * from './CareCircleDirectory';
export * from './loadTokenKeys';

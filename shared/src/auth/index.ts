export * from './jwt';
export * from './CareCircleDirectory';
